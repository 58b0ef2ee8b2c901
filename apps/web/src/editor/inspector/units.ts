/** Amounts stored in one unit (ms, bytes) and edited in a larger one (minutes, MB). */
export interface Unit {
  readonly label: string;
  readonly size: number;
}

export const DURATION_UNITS: readonly Unit[] = [
  { label: 'seconds', size: 1_000 },
  { label: 'minutes', size: 60_000 },
  { label: 'hours', size: 3_600_000 },
  { label: 'days', size: 86_400_000 },
];

export const BYTE_UNITS: readonly Unit[] = [
  { label: 'KB', size: 1_024 },
  { label: 'MB', size: 1_048_576 },
];

/** The largest unit that shows `amount` as a whole number (the smallest for 0 or fractions). */
export function unitFor(amount: number, units: readonly Unit[]): Unit {
  const first = units[0] as Unit;
  if (amount <= 0) return first;
  return [...units].reverse().find((u) => amount % u.size === 0) ?? first;
}

/** `amount` in `unit`, rounded to 3 decimals ("1.5" hours). */
export const inUnit = (amount: number, unit: Unit): number =>
  Math.round((amount / unit.size) * 1000) / 1000;

/** "10 minutes", "1 hour", "90 seconds", "1.5 MB": for summaries and previews. */
export function describeAmount(amount: number, units: readonly Unit[]): string {
  const unit = unitFor(amount, units);
  const n = inUnit(amount, unit);
  const label = n === 1 && unit.label.endsWith('s') ? unit.label.slice(0, -1) : unit.label;
  return `${n} ${label}`;
}
