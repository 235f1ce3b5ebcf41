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

/**
 * Turns minutes counted from a local day's start (`from`) into local minutes of the day.
 * A day of 1,440 minutes starting at local midnight has no clock change: the two agree.
 * On a day the clocks move, each minute is read off the local clock.
 */
export function localMinutesOfDay(
  from: Date,
  to: Date,
  timezone: string,
): (offset: number) => number {
  const clock = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const local = (at: Date): number => {
    const parts = clock.formatToParts(at);
    const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    return part('hour') * 60 + part('minute');
  };
  if (to.getTime() - from.getTime() === 1440 * 60_000 && local(from) === 0)
    return (offset) => offset;
  return (offset) => local(new Date(from.getTime() + offset * 60_000));
}
