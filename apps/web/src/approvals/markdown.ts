/**
 * The little markdown prompt descriptions use (`**bold**`, `*italic*` or `_italic_`, `` `code` ``,
 * `- ` lists, blank lines between paragraphs), parsed to a tree that React renders as elements:
 * never HTML, so a description cannot inject markup. Anything else stays literal text.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] };

export type Block = { kind: 'paragraph'; lines: Inline[][] } | { kind: 'list'; items: Inline[][] };

const LIST_ITEM = /^\s*[-*]\s+/;

function pushText(into: Inline[], text: string): void {
  if (text === '') return;
  const last = into.at(-1);
  if (last?.kind === 'text') into[into.length - 1] = { kind: 'text', text: last.text + text };
  else into.push({ kind: 'text', text });
}

/** A delimited span at `at`: where its content ends, or -1 when it does not close. */
function closing(source: string, at: number, marker: string): number {
  const start = at + marker.length;
  const end = source.indexOf(marker, start);
  // `**` is not an empty emphasis, and ` * ` is not one either.
  if (end <= start || /\s/.test(source[start] ?? '') || /\s/.test(source[end - 1] ?? '')) {
    return -1;
  }
  // `snake_case_names` are not emphasis: underscores count only at word boundaries.
  const wordChar = /[\p{L}\p{N}]/u;
  const after = source[end + marker.length] ?? '';
  if (marker.startsWith('_') && (wordChar.test(source[at - 1] ?? '') || wordChar.test(after))) {
    return -1;
  }
  return end;
}

export function parseInline(source: string): Inline[] {
  const out: Inline[] = [];
  let at = 0;
  let text = '';
  const flush = () => {
    pushText(out, text);
    text = '';
  };
  while (at < source.length) {
    const rest = source.slice(at);
    if (rest.startsWith('`')) {
      const end = source.indexOf('`', at + 1);
      if (end > at + 1) {
        flush();
        out.push({ kind: 'code', text: source.slice(at + 1, end) });
        at = end + 1;
        continue;
      }
    }
    const marker = rest.startsWith('**') ? '**' : rest.startsWith('__') ? '__' : rest[0];
    if (marker === '**' || marker === '__' || marker === '*' || marker === '_') {
      const end = closing(source, at, marker);
      if (end !== -1) {
        flush();
        const children = parseInline(source.slice(at + marker.length, end));
        out.push({ kind: marker.length === 2 ? 'strong' : 'em', children });
        at = end + marker.length;
        continue;
      }
    }
    text += source[at];
    at += 1;
  }
  flush();
  return out;
}

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let items: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) {
      blocks.push({ kind: 'paragraph', lines: paragraph.map((line) => parseInline(line.trim())) });
    }
    if (items.length > 0) blocks.push({ kind: 'list', items: items.map(parseInline) });
    paragraph = [];
    items = [];
  };
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      flush();
    } else if (LIST_ITEM.test(line)) {
      if (paragraph.length > 0) flush();
      items.push(line.replace(LIST_ITEM, '').trim());
    } else {
      if (items.length > 0) flush();
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}
