import { describe, expect, it } from 'vitest';
import { changes, orNull, withoutNulls } from './changes';

describe('changes', () => {
  it('keeps only the fields whose values differ, arrays and nulls compared by value', () => {
    const before = { name: 'L1', capacity: 3000, shifts: [{ name: 'A' }], prefix: null as string | null };
    expect(changes(before, { ...before, shifts: [{ name: 'A' }] })).toEqual({});
    expect(changes(before, { ...before, capacity: 2500, prefix: '8961234' })).toEqual({ capacity: 2500, prefix: '8961234' });
    expect(changes({ ...before, prefix: '8961234' }, before)).toEqual({ prefix: null });
  });
});

describe('orNull and withoutNulls', () => {
  it('reads an empty optional field as none, which a create leaves out', () => {
    expect(orNull('  ')).toBeNull();
    expect(orNull(' PTA-1 ')).toBe('PTA-1');
    expect(withoutNulls({ code: 'LHR1', gs1CompanyPrefix: orNull('') })).toEqual({ code: 'LHR1' });
  });
});
