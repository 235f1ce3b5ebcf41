import { describe, expect, it } from 'vitest';
import { formatters, localeOf } from './format';

describe('formatters', () => {
  it('write figures with grouping, fixed decimals when asked, and a dash for nothing', () => {
    const f = formatters(localeOf('en'));
    expect(f.number(12345)).toBe('12,345');
    expect(f.number(98.456, 1)).toBe('98.5');
    expect(f.number(7, 1)).toBe('7.0');
    expect(f.number(null)).toBe('–');
    expect(f.number(undefined, 1)).toBe('–');
  });

  it('write English dates day first, and Urdu in its own locale', () => {
    const at = '2026-11-28T04:05:06Z';
    expect(
      formatters(localeOf('en')).dateTime(at, { dateStyle: 'short', timeZone: 'Asia/Karachi' }),
    ).toBe('28/11/2026');
    expect(localeOf('ur')).toBe('ur-PK');
    expect(formatters('ur-PK').dateTime(at, { timeZone: 'Asia/Karachi' })).toBe(
      new Date(at).toLocaleString('ur-PK', { timeZone: 'Asia/Karachi' }),
    );
  });
});
