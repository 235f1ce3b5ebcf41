import { shiftOfMinute } from './shift-buckets';

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
