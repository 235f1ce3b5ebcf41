import { gs1CheckDigit, isValidSscc, ssccCapacity, ssccFor } from './sscc';

describe('SSCC', () => {
  // Published examples: GS1 General Specifications (SSCC 106141411234567897 in the AI (00)
  // examples), the GS1 check digit calculator's example, and SSCCs from GS1 logistic label
  // guidelines.
  it.each(['106141411234567897', '006141411234567890', '376104250021234569', '340123450000000000'])(
    '%s has a valid GS1 mod-10 check digit',
    (sscc) => {
      expect(gs1CheckDigit(sscc.slice(0, 17))).toBe(Number(sscc[17]));
      expect(isValidSscc(sscc)).toBe(true);
    },
  );

  it('computes check digits of GTINs the same way (GS1 weights 3,1 from the right)', () => {
    expect(gs1CheckDigit('629104150021')).toBe(3); // GTIN-13 6291041500213
    expect(gs1CheckDigit('0001234567890')).toBe(5); // GTIN-14 00012345678905
  });

  it('refuses a wrong check digit or length', () => {
    expect(isValidSscc('106141411234567898')).toBe(false);
    expect(isValidSscc('10614141123456789')).toBe(false);
  });

  it('builds extension digit + prefix + serial reference + check digit', () => {
    expect(ssccFor('0614141', 1_123_456_789n)).toBe('106141411234567897');
    expect(ssccFor('0614141', 123_456_789n)).toBe('006141411234567890');
    expect(ssccFor('0614141', 1n)).toBe(
      '00614141000000001' + String(gs1CheckDigit('00614141000000001')),
    );
    for (const prefix of ['0614141', '06141411', '061414112', '0614141123']) {
      const sscc = ssccFor(prefix, 42n);
      expect(sscc).toHaveLength(18);
      expect(sscc.slice(1, 1 + prefix.length)).toBe(prefix);
      expect(isValidSscc(sscc)).toBe(true);
    }
  });

  it('knows the capacity of a prefix and refuses numbers beyond it', () => {
    expect(ssccCapacity('0614141')).toBe(10_000_000_000n);
    expect(ssccCapacity('0614141123')).toBe(10_000_000n);
    expect(() => ssccFor('0614141123', 10_000_000n)).toThrow();
  });
});
