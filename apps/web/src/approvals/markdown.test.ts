import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './markdown';

const text = (t: string) => ({ kind: 'text', text: t });

describe('parseInline', () => {
  it('reads bold, italic and code', () => {
    expect(parseInline('a **b** *c* _d_ __e__ `f*g*`')).toEqual([
      text('a '),
      { kind: 'strong', children: [text('b')] },
      text(' '),
      { kind: 'em', children: [text('c')] },
      text(' '),
      { kind: 'em', children: [text('d')] },
      text(' '),
      { kind: 'strong', children: [text('e')] },
      text(' '),
      { kind: 'code', text: 'f*g*' },
    ]);
  });

  it('nests emphasis inside bold', () => {
    expect(parseInline('**very *much* so**')).toEqual([
      {
        kind: 'strong',
        children: [text('very '), { kind: 'em', children: [text('much')] }, text(' so')],
      },
    ]);
  });

  it('keeps unclosed markers, lone stars, snake_case and markup as text', () => {
    expect(parseInline('2 * 3 * 4')).toEqual([text('2 * 3 * 4')]);
    expect(parseInline('**open')).toEqual([text('**open')]);
    expect(parseInline('a_snake_case_name')).toEqual([text('a_snake_case_name')]);
    expect(parseInline('<img src=x onerror=alert(1)>')).toEqual([
      text('<img src=x onerror=alert(1)>'),
    ]);
    expect(parseInline('``')).toEqual([text('``')]);
  });
});

describe('parseMarkdown', () => {
  it('splits paragraphs on blank lines, keeps line breaks, reads lists', () => {
    expect(parseMarkdown('First line\nsecond\r\n\n- one\n* **two**\nafter')).toEqual([
      { kind: 'paragraph', lines: [[text('First line')], [text('second')]] },
      {
        kind: 'list',
        items: [[text('one')], [{ kind: 'strong', children: [text('two')] }]],
      },
      { kind: 'paragraph', lines: [[text('after')]] },
    ]);
    expect(parseMarkdown('  \n\n')).toEqual([]);
  });
});
