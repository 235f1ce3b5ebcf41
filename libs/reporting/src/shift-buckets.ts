import { Shift } from '@lt/plants';

const minutesOf = (hhmm: string): number =>
  Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The shift a plant-local minute of the day (0..1439) belongs to. A shift that runs past
 * midnight (C 22:00-06:00) owns both ends of the calendar day, so the shifts of one day
 * add up to the day. Minutes no shift covers belong to none (null).
 */
export function shiftOfMinute(shifts: readonly Shift[], minute: number): string | null {
  for (const shift of shifts) {
    const from = minutesOf(shift.start);
    const to = minutesOf(shift.end);
    const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
    if (inside) return shift.name;
  }
  return null;
}
