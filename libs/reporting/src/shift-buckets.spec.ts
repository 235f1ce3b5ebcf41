import { localMinutesOfDay, shiftOfMinute } from './shift-buckets';

const shifts = [
  { name: 'A', start: '06:00', end: '14:00' },
  { name: 'B', start: '14:00', end: '22:00' },
  { name: 'C', start: '22:00', end: '06:00' },
];

describe('shiftOfMinute', () => {
  it('puts each minute of the day in its shift, the night shift at both ends of the day', () => {
    expect(shiftOfMinute(shifts, 0)).toBe('C');
    expect(shiftOfMinute(shifts, 5 * 60 + 59)).toBe('C');
    expect(shiftOfMinute(shifts, 6 * 60)).toBe('A');
    expect(shiftOfMinute(shifts, 13 * 60 + 59)).toBe('A');
    expect(shiftOfMinute(shifts, 14 * 60)).toBe('B');
    expect(shiftOfMinute(shifts, 22 * 60)).toBe('C');
    expect(shiftOfMinute(shifts, 23 * 60 + 59)).toBe('C');
  });

  it('leaves minutes outside every shift to none', () => {
    expect(shiftOfMinute([{ name: 'Day', start: '08:00', end: '17:00' }], 7 * 60)).toBeNull();
  });
});

describe('localMinutesOfDay', () => {
  it('leaves the minutes of a day without a clock change as they are', () => {
    const toLocal = localMinutesOfDay(
      new Date('2026-11-26T19:00:00Z'),
      new Date('2026-11-27T19:00:00Z'),
      'Asia/Karachi',
    );
    expect([0, 61, 1439].map(toLocal)).toEqual([0, 61, 1439]);
  });

  it('reads the local clock on a day the clocks go forward (Europe/London, 29 March 2026)', () => {
    // Local midnight is 00:00 GMT; at 01:00 GMT the clock jumps to 02:00 BST; the day has 23 hours.
    const toLocal = localMinutesOfDay(
      new Date('2026-03-29T00:00:00Z'),
      new Date('2026-03-29T23:00:00Z'),
      'Europe/London',
    );
    expect([0, 59, 60, 22 * 60 + 59].map(toLocal)).toEqual([0, 59, 120, 23 * 60 + 59]);
  });
});
