import { describe, expect, it } from 'vitest';
import { parseJsonAnswer } from './json-answer';

describe('parseJsonAnswer', () => {
  it('reads any JSON value', () => {
    expect(parseJsonAnswer(' {"ok": true} ')).toEqual({ ok: true, value: { ok: true } });
    expect(parseJsonAnswer('null')).toEqual({ ok: true, value: null });
    expect(parseJsonAnswer('[1, "a"]')).toEqual({ ok: true, value: [1, 'a'] });
  });

  it('asks for an answer when empty', () => {
    expect(parseJsonAnswer('  ')).toEqual({
      ok: false,
      message: 'Write the answer as JSON, e.g. {"ok": true}, or null for none.',
    });
  });

  it('says what is wrong and where', () => {
    const parsed = parseJsonAnswer('{\n  "a": 1,\n}');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/^Not valid JSON: /);
    expect(!parsed.ok && parsed.message).toMatch(/line 3, column 1/);
  });
});
