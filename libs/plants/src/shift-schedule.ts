/**
 * A line's shifts in plant time. A shift whose end is not after its start runs past
 * midnight (C 22:00-06:00). Shifts may leave gaps but never overlap on the 24-hour clock,
 * which also keeps them within 24 hours in total.
 */
export interface Shift {
  name: string;
  /** HH:MM in plant time. */
  start: string;
  /** HH:MM in plant time; at or before `start` means the next day. */
  end: string;
}

export const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const DEFAULT_SHIFTS: readonly Shift[] = [
  { name: 'A', start: '06:00', end: '14:00' },
  { name: 'B', start: '14:00', end: '22:00' },
  { name: 'C', start: '22:00', end: '06:00' },
];

const DAY = 24 * 60;

const minutesOf = (hhmm: string): number =>
  Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

interface Span {
  name: string;
  from: number;
  to: number;
}

const overlaps = (a: Span, b: Span): boolean => a.from < b.to && b.from < a.to;

/** What is wrong with a set of shifts, in words for the person who entered them; null when nothing is. */
export function shiftScheduleProblem(shifts: readonly Shift[]): string | null {
  const seen = new Set<string>();
  for (const shift of shifts) {
    if (seen.has(shift.name)) return `Shift name ${shift.name} is used twice.`;
    seen.add(shift.name);
    if (shift.start === shift.end)
      return `Shift ${shift.name} starts and ends at ${shift.start}; a shift must be shorter than 24 hours.`;
  }
  const spans: Span[] = shifts.map((shift) => {
    const from = minutesOf(shift.start);
    const end = minutesOf(shift.end);
    return { name: shift.name, from, to: end > from ? end : end + DAY };
  });
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const [a, b] = [spans[i], spans[j]];
      // Spans lie within two days; comparing b a day earlier and later covers the wrap at midnight.
      const clash = [0, DAY, -DAY].some((shift) =>
        overlaps(a, { ...b, from: b.from + shift, to: b.to + shift }),
      );
      if (clash) return `Shifts ${a.name} and ${b.name} overlap.`;
    }
  }
  return null;
}
