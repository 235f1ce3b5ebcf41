import { DEFAULT_SHIFTS, shiftScheduleProblem } from './shift-schedule';

describe('shiftScheduleProblem', () => {
  it('accepts the default three shifts, which cover the day exactly', () => {
    expect(shiftScheduleProblem(DEFAULT_SHIFTS)).toBeNull();
  });

  it('accepts shifts with gaps and one past midnight', () => {
    expect(
      shiftScheduleProblem([
        { name: 'Day', start: '08:00', end: '17:00' },
        { name: 'Night', start: '20:00', end: '04:00' },
      ]),
    ).toBeNull();
  });

  it('finds an overlap within the day', () => {
    expect(
      shiftScheduleProblem([
        { name: 'A', start: '06:00', end: '14:00' },
        { name: 'B', start: '13:00', end: '21:00' },
      ]),
    ).toBe('Shifts A and B overlap.');
  });

  it('finds an overlap across midnight', () => {
    expect(
      shiftScheduleProblem([
        { name: 'C', start: '22:00', end: '06:30' },
        { name: 'A', start: '06:00', end: '14:00' },
      ]),
    ).toBe('Shifts C and A overlap.');
  });

  it('refuses more than 24 hours in total, since that must overlap', () => {
    expect(
      shiftScheduleProblem([
        { name: 'X', start: '00:00', end: '12:00' },
        { name: 'Y', start: '12:00', end: '00:30' },
      ]),
    ).toBe('Shifts X and Y overlap.');
  });

  it('refuses a shift that starts and ends at the same time, and repeated names', () => {
    expect(shiftScheduleProblem([{ name: 'A', start: '06:00', end: '06:00' }])).toMatch(
      /starts and ends at 06:00/,
    );
    expect(
      shiftScheduleProblem([
        { name: 'A', start: '06:00', end: '07:00' },
        { name: 'A', start: '08:00', end: '09:00' },
      ]),
    ).toBe('Shift name A is used twice.');
  });
});
