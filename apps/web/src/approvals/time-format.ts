const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A duration in its two largest units, rounded down: `2m 13s`, `1h 5m`, `3d 4h`, `45s`, `0s`.
 * Counting down, the shown value reaches `0s` only once the time is really up.
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND)) * SECOND;
  const units: [number, string][] = [
    [Math.floor(total / DAY), 'd'],
    [Math.floor((total % DAY) / HOUR), 'h'],
    [Math.floor((total % HOUR) / MINUTE), 'm'],
    [Math.floor((total % MINUTE) / SECOND), 's'],
  ];
  const first = units.findIndex(([value]) => value > 0);
  if (first === -1) return '0s';
  return units
    .slice(first, first + 2)
    .filter(([value], index) => index === 0 || value > 0)
    .map(([value, unit]) => `${value}${unit}`)
    .join(' ');
}

/** Up to the next whole second, so a countdown never shows less time than is left. */
export const remaining = (deadlineAt: number, now: number) =>
  Math.ceil(Math.max(0, deadlineAt - now) / SECOND) * SECOND;

/** `Times out in 2m 13s`, or `Timing out…` once the deadline passed (the server fires it). */
export function countdownText(deadlineAt: number, now: number): string {
  const left = remaining(deadlineAt, now);
  return left === 0 ? 'Timing out…' : `Times out in ${formatDuration(left)}`;
}

/** `12s ago`, `5m ago`; `just now` under a second. */
export function formatAge(since: number, now: number): string {
  const age = now - since;
  return age < SECOND ? 'just now' : `${formatDuration(age)} ago`;
}

/** A point in time as the reader's locale shows it, with seconds. */
export function formatTime(at: number): string {
  return new Date(at).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
}
