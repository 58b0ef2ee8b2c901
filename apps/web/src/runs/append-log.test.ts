import { describe, expect, it } from 'vitest';
import { AppendLog } from './append-log';

describe('AppendLog', () => {
  it('appends, reads and maps', () => {
    const log = AppendLog.empty<number>().append([1, 2]).append([3]);
    expect(log.length).toBe(3);
    expect(log.toArray()).toEqual([1, 2, 3]);
    expect([...log]).toEqual([1, 2, 3]);
    expect(log.map((n, i) => n * 10 + i)).toEqual([10, 21, 32]);
    expect([log.at(0), log.at(2), log.at(3), log.at(-1), log.last()]).toEqual([
      1,
      3,
      undefined,
      undefined,
      3,
    ]);
  });

  it('returns itself for an empty append', () => {
    const log = AppendLog.of([1]);
    expect(log.append([])).toBe(log);
  });

  it('never lets a later append show in an earlier log', () => {
    const base = AppendLog.of(['a']);
    const b = base.append(['b']);
    expect(base.toArray()).toEqual(['a']);
    expect(b.toArray()).toEqual(['a', 'b']);
  });

  it('copies when an older log is appended to (a branch), keeping both branches apart', () => {
    const base = AppendLog.of([1, 2]);
    const left = base.append([3]);
    const right = base.append([4, 5]);
    const leftMore = left.append([6]);
    expect(base.toArray()).toEqual([1, 2]);
    expect(left.toArray()).toEqual([1, 2, 3]);
    expect(right.toArray()).toEqual([1, 2, 4, 5]);
    expect(leftMore.toArray()).toEqual([1, 2, 3, 6]);
  });

  it('takes a batch larger than the call stack allows to spread', () => {
    const many = Array.from({ length: 300_000 }, (_, i) => i);
    expect(AppendLog.empty<number>().append(many).length).toBe(300_000);
  });

  it('does not share storage with the array it was made of', () => {
    const source = [1];
    const log = AppendLog.of(source);
    source.push(2);
    expect(log.toArray()).toEqual([1]);
  });
});
