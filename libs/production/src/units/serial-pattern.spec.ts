import { InvalidInputError } from '@lt/core';
import { DEFAULT_SERIAL_PATTERN, localDay, SerialPattern } from './serial-pattern';

const parts = { plantCode: 'LHR1', lineCode: 'L1', year: 2026, month: 11, day: 23 };

describe('SerialPattern', () => {
  it('renders the default pattern: plant, line, YYMMDD, five-digit sequence', () => {
    expect(SerialPattern.parse(DEFAULT_SERIAL_PATTERN).render(parts, 42)).toBe('LHR1L126112300042');
  });

  it('renders day of year and literals', () => {
    const pattern = SerialPattern.parse('{PLANT}-{LINE}-{YYYY}{DOY}-{SEQ:6}');
    expect(pattern.render(parts, 7)).toBe('LHR1-L1-2026327-000007');
    expect(pattern.renderAround(parts)).toEqual({
      prefix: 'LHR1-L1-2026327-',
      suffix: '',
      width: 6,
    });
  });

  it.each([
    ['{PLANT}{LINE}{MM}{DD}{SEQ:5}', /year/],
    ['{PLANT}{LINE}{YY}{MM}{SEQ:5}', /day/],
    ['{PLANT}{YY}{MM}{DD}{SEQ:5}', /LINE/],
    ['{PLANT}{LINE}{YY}{MM}{DD}', /SEQ/],
    ['{PLANT}{LINE}{YY}{MM}{DD}{SEQ:2}', /width/],
    ['{PLANT}{LINE}{YY}{MM}{DD}{SEQ:5}{WEEK}', /unknown token/],
    ['{PLANT}{LINE}{YY}{MM}{DD}{SEQ:5}/x', /letters/],
  ])('refuses %s, which could repeat or cannot be read', (pattern, message) => {
    expect(() => SerialPattern.parse(pattern)).toThrow(InvalidInputError);
    expect(() => SerialPattern.parse(pattern)).toThrow(message);
  });

  it('finds the plant-local day across midnight', () => {
    // 20:30 UTC on the 23rd is 01:30 on the 24th in Karachi (UTC+5).
    expect(localDay(new Date('2026-11-23T20:30:00Z'), 'Asia/Karachi').iso).toBe('2026-11-24');
    expect(localDay(new Date('2026-11-23T18:59:59Z'), 'Asia/Karachi').iso).toBe('2026-11-23');
  });
});
