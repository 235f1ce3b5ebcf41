import { imeiOf, isValidImei, luhnCheckDigit } from './luhn';

describe('Luhn check digit for IMEIs', () => {
  it('matches published examples', () => {
    // 3GPP TS 23.003 Annex B example and a common test IMEI.
    expect(luhnCheckDigit('49015420323751')).toBe(8);
    expect(isValidImei('490154203237518')).toBe(true);
    expect(isValidImei('356938035643809')).toBe(true);
    expect(isValidImei('356938035643808')).toBe(false);
  });

  it('builds an IMEI from a TAC and a six-digit serial', () => {
    expect(imeiOf('35693803', 564380)).toBe('356938035643809');
    expect(imeiOf('35123456', 0)).toHaveLength(15);
    expect(isValidImei(imeiOf('35123456', 0))).toBe(true);
  });

  it('refuses anything but 15 digits', () => {
    expect(isValidImei('49015420323751')).toBe(false);
    expect(isValidImei('49015420323751x')).toBe(false);
  });
});
