import { describe, expect, it } from 'vitest';
import { formatShifts, parseShifts } from './shift';

describe('parseShifts and formatShifts', () => {
  it('read names with spaces, either dash, and give back what they read', () => {
    const shifts = parseShifts('A 06:00-14:00, Night 2 22:00 – 06:00');
    expect(shifts).toEqual([
      { name: 'A', start: '06:00', end: '14:00' },
      { name: 'Night 2', start: '22:00', end: '06:00' },
    ]);
    expect(parseShifts(formatShifts(shifts))).toEqual(shifts);
  });

  it('pass on what they cannot read, for the API to refuse by name', () => {
    expect(parseShifts('A 6-14')).toEqual([{ name: 'A 6-14', start: '', end: '' }]);
  });
});
