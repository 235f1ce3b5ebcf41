import {
  CartonClosedError,
  CartonFullError,
  LotNotOpenError,
  ModelNotInLotError,
  UnitAlreadyPackedError,
  UnitNotPackableError,
  UnitNotRegisteredError,
} from './packing-errors';

/** What the pack-scan reads, under row locks, about the carton, its lot and the unit. */
export interface PackFacts {
  carton: { sscc: string; status: string; capacity: number; unitCount: number };
  lot: { number: string; status: string; deviceModelIds: string[]; requiresRegistration: boolean };
  unit: {
    serialNumber: string;
    status: string;
    deviceModelId: string;
    registryStatus: string;
    packedIn: string | null;
  };
}

/** Throws the refusal that applies, first the carton's and lot's, then the unit's. */
export function assertPackable(f: PackFacts): void {
  if (f.lot.status !== 'OPEN')
    throw new LotNotOpenError(f.lot.number, f.lot.status, 'units are packed');
  if (f.carton.status !== 'OPEN') throw new CartonClosedError(f.carton.sscc);
  if (f.unit.packedIn) throw new UnitAlreadyPackedError(f.unit.serialNumber, f.unit.packedIn);
  if (f.unit.status !== 'PASSED')
    throw new UnitNotPackableError(f.unit.serialNumber, f.unit.status);
  if (!f.lot.deviceModelIds.includes(f.unit.deviceModelId))
    throw new ModelNotInLotError(f.unit.serialNumber, f.lot.number);
  if (f.lot.requiresRegistration && f.unit.registryStatus !== 'REGISTERED') {
    throw new UnitNotRegisteredError(f.unit.serialNumber, f.lot.number, f.unit.registryStatus);
  }
  if (f.carton.unitCount >= f.carton.capacity)
    throw new CartonFullError(f.carton.sscc, f.carton.capacity);
}
