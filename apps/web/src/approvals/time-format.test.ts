import { describe, expect, it } from 'vitest';
import { countdownText, formatAge, formatDuration, remaining } from './time-format';

describe('formatDuration', () => {
  it('shows the two largest units, rounded down', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(999)).toBe('0s');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(133_000)).toBe('2m 13s');
    expect(formatDuration(133_999)).toBe('2m 13s');
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(3_661_000)).toBe('1h 1m');
    expect(formatDuration(172_800_000)).toBe('2d');
    expect(formatDuration(90_061_000)).toBe('1d 1h');
    expect(formatDuration(-5_000)).toBe('0s');
  });
});

describe('countdownText', () => {
  it('counts down in whole seconds, never showing less than is left', () => {
    expect(remaining(10_000, 7_000)).toBe(3_000);
    expect(remaining(10_000, 7_001)).toBe(3_000);
    expect(remaining(10_000, 9_999)).toBe(1_000);
    expect(countdownText(1_000 + 133_000, 1_000)).toBe('Times out in 2m 13s');
    expect(countdownText(10_000, 9_999)).toBe('Times out in 1s');
    expect(countdownText(10_000, 10_000)).toBe('Timing out…');
    expect(countdownText(10_000, 12_000)).toBe('Timing out…');
  });
});

describe('formatAge', () => {
  it('says how long ago', () => {
    expect(formatAge(1_000, 1_500)).toBe('just now');
    expect(formatAge(0, 12_000)).toBe('12s ago');
    expect(formatAge(0, 301_000)).toBe('5m 1s ago');
  });
});
