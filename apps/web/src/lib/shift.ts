export interface Shift {
  name: string;
  start: string; // HH:mm, plant time
  end: string;
}

/** Minutes since midnight and the date (YYYY-MM-DD) at an instant in a timezone. */
export function plantClock(at: Date, timeZone: string): { date: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function previousDate(date: string): string {
  const day = new Date(`${date}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/**
 * The shift running at an instant, keyed by the date it started on (a night shift that
 * crosses midnight keeps the previous day's key). Without shifts, the plant day.
 */
export function currentShift(
  at: Date,
  timeZone: string,
  shifts: Shift[],
): { key: string; name: string } {
  const { date, minutes } = plantClock(at, timeZone);
  for (const shift of shifts) {
    const start = toMinutes(shift.start);
    const end = toMinutes(shift.end);
    if (start < end ? minutes >= start && minutes < end : minutes >= start)
      return { key: `${date}|${shift.name}`, name: shift.name };
    if (start >= end && minutes < end)
      return { key: `${previousDate(date)}|${shift.name}`, name: shift.name };
  }
  return { key: `${date}|day`, name: '' };
}

/** Hourly rate of a line: daily capacity over the hours its shifts run (24 h without shifts). */
export function hourlyRate(dailyCapacity: number, shifts: Shift[]): number {
  const minutes = shifts.reduce((sum, shift) => {
    const start = Number(shift.start.slice(0, 2)) * 60 + Number(shift.start.slice(3, 5));
    const end = Number(shift.end.slice(0, 2)) * 60 + Number(shift.end.slice(3, 5));
    return sum + (end > start ? end - start : 24 * 60 - start + end);
  }, 0);
  return dailyCapacity / ((minutes || 24 * 60) / 60);
}

/** Shifts as an administrator types them: "A 06:00-14:00, Night 2 22:00-06:00". */
export function parseShifts(text: string): Shift[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const m = /^(.+?)\s+(\d{2}:\d{2})\s*[-–]\s*(\d{2}:\d{2})$/.exec(s);
    // Unreadable: sent as it is, for the API to name what is missing.
    return m ? { name: m[1], start: m[2], end: m[3] } : { name: s, start: '', end: '' };
  });
}

/** Shifts as `parseShifts` reads them. */
export const formatShifts = (shifts: Shift[]): string =>
  shifts.map((s) => `${s.name} ${s.start}-${s.end}`).join(', ');
