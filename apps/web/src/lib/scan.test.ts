import { describe, expect, it } from 'vitest';
import { asSscc, isImei, normaliseScan, parseScan } from './scan';

describe('scan parsing', () => {
  it('cleans what a keyboard-wedge scanner sends', () => {
    expect(normaliseScan('  lhr1l126112300042\r\n')).toBe('LHR1L126112300042');
    expect(normaliseScan(']C1LHR1L1 2611')).toBe('LHR1L12611');
    expect(normaliseScan('\u001dABC')).toBe('ABC');
  });

  it('recognises IMEIs by their Luhn digit', () => {
    expect(isImei('490154203237518')).toBe(true);
    expect(isImei('490154203237519')).toBe(false);
    expect(isImei('49015420323751')).toBe(false);
  });

  it('checks SSCCs with the GS1 mod-10 digit, with or without (00)', () => {
    expect(asSscc('106141411234567897')).toBe('106141411234567897');
    expect(asSscc('(00)106141411234567897')).toBe('106141411234567897');
    expect(asSscc('00106141411234567897')).toBe('106141411234567897');
    expect(asSscc('106141411234567898')).toBeNull();
  });

  it('tells units, defect codes and cartons apart', () => {
    expect(parseScan('   ')).toEqual({ kind: 'empty' });
    expect(parseScan('490154203237518')).toEqual({
      kind: 'unit',
      ref: '490154203237518',
      imei: true,
    });
    expect(parseScan('lhr1l1000042')).toEqual({ kind: 'unit', ref: 'LHR1L1000042', imei: false });
    expect(parseScan('DC:rf_no_signal')).toEqual({ kind: 'defect', code: 'RF_NO_SIGNAL' });
    expect(parseScan('rf_no_signal', { defectCodes: ['RF_NO_SIGNAL'] })).toEqual({
      kind: 'defect',
      code: 'RF_NO_SIGNAL',
    });
    expect(parseScan('106141411234567897', { allowSscc: true })).toEqual({
      kind: 'sscc',
      sscc: '106141411234567897',
    });
    expect(parseScan('106141411234567897')).toEqual({
      kind: 'unit',
      ref: '106141411234567897',
      imei: false,
    });
  });
});

import { currentShift, hourlyRate } from './shift';

describe('shifts in the plant timezone', () => {
  const shifts = [
    { name: 'A', start: '06:00', end: '14:00' },
    { name: 'B', start: '14:00', end: '22:00' },
    { name: 'C', start: '22:00', end: '06:00' },
  ];
  it('finds the running shift, keeping a night shift on the day it started', () => {
    expect(currentShift(new Date('2026-11-23T05:00:00Z'), 'Asia/Karachi', shifts)).toEqual({
      key: '2026-11-23|A',
      name: 'A',
    }); // 10:00
    expect(currentShift(new Date('2026-11-23T18:30:00Z'), 'Asia/Karachi', shifts)).toEqual({
      key: '2026-11-23|C',
      name: 'C',
    }); // 23:30
    expect(currentShift(new Date('2026-11-23T20:00:00Z'), 'Asia/Karachi', shifts)).toEqual({
      key: '2026-11-23|C',
      name: 'C',
    }); // 01:00 next day
    expect(currentShift(new Date('2026-11-23T05:00:00Z'), 'Asia/Karachi', [])).toEqual({
      key: '2026-11-23|day',
      name: '',
    });
  });
  it('spreads daily capacity over the shift hours', () => {
    expect(hourlyRate(2400, shifts)).toBe(100);
    expect(hourlyRate(2400, shifts.slice(0, 1))).toBe(300);
    expect(hourlyRate(2400, [])).toBe(100);
  });
});
