import { assertPackable, PackFacts } from './pack-rules';
import { randomSample } from './random-sample';

const ok = (): PackFacts => ({
  carton: { sscc: '106141411234567897', status: 'OPEN', capacity: 20, unitCount: 3 },
  lot: {
    number: 'EL-P1-00001',
    status: 'OPEN',
    deviceModelIds: ['m1'],
    requiresRegistration: true,
  },
  unit: {
    serialNumber: 'S1',
    status: 'PASSED',
    deviceModelId: 'm1',
    registryStatus: 'REGISTERED',
    packedIn: null,
  },
});

describe('pack rules', () => {
  it('accepts a PASSED, REGISTERED unit of the lot into an open carton with room', () => {
    expect(() => assertPackable(ok())).not.toThrow();
  });

  it.each<[string, (f: PackFacts) => void, string]>([
    ['lot-not-open', (f) => (f.lot.status = 'INSPECTING'), 'INSPECTING'],
    ['carton-closed', (f) => (f.carton.status = 'CLOSED'), 'closed'],
    ['carton-full', (f) => (f.carton.unitCount = 20), 'full'],
    [
      'unit-already-packed',
      (f) => ((f.unit.packedIn = '006141411234567890'), (f.unit.status = 'PACKED')),
      '006141411234567890',
    ],
    ['unit-on-hold', (f) => (f.unit.status = 'ON_HOLD'), 'on hold'],
    ['unit-scrapped', (f) => (f.unit.status = 'SCRAPPED'), 'scrapped'],
    ['unit-not-passed', (f) => (f.unit.status = 'IN_QC'), 'PASSED'],
    ['model-not-in-lot', (f) => (f.unit.deviceModelId = 'm2'), 'does not carry'],
    ['unit-not-registered', (f) => (f.unit.registryStatus = 'PENDING'), 'REGISTERED'],
  ])('refuses with %s', (code, change, says) => {
    const facts = ok();
    change(facts);
    expect(() => assertPackable(facts)).toThrow(
      expect.objectContaining({ code, kind: 'conflict', message: expect.stringContaining(says) }),
    );
  });

  it('lets a lot that does not require registration take unregistered units', () => {
    const facts = ok();
    facts.lot.requiresRegistration = false;
    facts.unit.registryStatus = 'PENDING';
    expect(() => assertPackable(facts)).not.toThrow();
  });
});

describe('randomSample', () => {
  it('draws distinct items, all of them when the count reaches the size', () => {
    const items = Array.from({ length: 5500 }, (_, i) => i);
    const sample = randomSample(items, 200);
    expect(new Set(sample).size).toBe(200);
    expect(randomSample([1, 2, 3], 5).sort()).toEqual([1, 2, 3]);
  });
});
