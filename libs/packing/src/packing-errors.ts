import { ConflictError, DomainError, RuleViolationError } from '@lt/core';

/** Refusals of the packing rules: each says what is wrong and what to do. */

export class LotNotOpenError extends ConflictError {
  constructor(lot: string, status: string, action: string) {
    const hint =
      status === 'ON_HOLD'
        ? ' It failed its outgoing inspection; a manager or an administrator releases it for screening.'
        : '';
    super(
      'lot-not-open',
      `Export lot ${lot} is ${status}; ${action} only while the lot is OPEN.${hint}`,
      {
        lot,
        lotStatus: status,
      },
    );
  }
}

export class LotStatusError extends ConflictError {
  constructor(lot: string, status: string, message: string) {
    super('lot-status', `Export lot ${lot} is ${status}: ${message}`, { lot, lotStatus: status });
  }
}

export class CartonClosedError extends ConflictError {
  constructor(sscc: string) {
    super('carton-closed', `Carton ${sscc} is closed; open a new carton for this unit.`, {
      carton: sscc,
    });
  }
}

export class CartonFullError extends ConflictError {
  constructor(sscc: string, capacity: number) {
    super(
      'carton-full',
      `Carton ${sscc} is full (${capacity} of ${capacity}); close it and open a new carton.`,
      { carton: sscc, capacity },
    );
  }
}

export class UnitAlreadyPackedError extends ConflictError {
  constructor(serial: string, carton: string) {
    super(
      'unit-already-packed',
      `Unit ${serial} is already packed in carton ${carton}; unpack it there first.`,
      { serialNumber: serial, carton },
    );
  }
}

export class UnitNotPackableError extends ConflictError {
  constructor(serial: string, status: string) {
    const why =
      status === 'ON_HOLD'
        ? 'it is on hold; release it first'
        : status === 'SCRAPPED'
          ? 'it is scrapped'
          : status === 'SHIPPED'
            ? 'it has been shipped'
            : 'only PASSED units can be packed; finish its QC first';
    super(
      status === 'ON_HOLD'
        ? 'unit-on-hold'
        : status === 'SCRAPPED'
          ? 'unit-scrapped'
          : 'unit-not-passed',
      `Unit ${serial} is ${status}: ${why}.`,
      {
        serialNumber: serial,
        status,
      },
    );
  }
}

export class ModelNotInLotError extends ConflictError {
  constructor(serial: string, lot: string) {
    super('model-not-in-lot', `Unit ${serial} is a model that export lot ${lot} does not carry.`, {
      serialNumber: serial,
      lot,
    });
  }
}

export class UnitNotRegisteredError extends ConflictError {
  constructor(serial: string, lot: string, registryStatus: string) {
    super(
      'unit-not-registered',
      `Unit ${serial} is ${registryStatus} with the registry; export lot ${lot} takes only REGISTERED units.`,
      { serialNumber: serial, lot, registryStatus },
    );
  }
}

export class UnitNotInCartonError extends ConflictError {
  constructor(serial: string, carton: string, actualCarton: string | null) {
    super(
      'unit-not-in-carton',
      actualCarton
        ? `Unit ${serial} is not in carton ${carton}; it is in carton ${actualCarton}.`
        : `Unit ${serial} is not in carton ${carton}; it is not packed.`,
      { serialNumber: serial, carton, actualCarton },
    );
  }
}

export class GS1PrefixMissingError extends RuleViolationError {
  constructor(plant: string) {
    super(
      'gs1-prefix-missing',
      `Plant ${plant} has no GS1 company prefix, so it cannot number cartons or pallets (SSCC); set gs1CompanyPrefix on the plant.`,
      {
        plant,
      },
    );
  }
}

export class SsccExhaustedError extends ConflictError {
  constructor(prefix: string) {
    super(
      'sscc-exhausted',
      `GS1 company prefix ${prefix} has issued all its SSCCs; the plant needs another prefix.`,
      { prefix },
    );
  }
}

/** A scanned SSCC of a carton that was discarded: its label is void. */
export class CartonDiscardedError extends DomainError {
  constructor(sscc: string, at: Date, by: string) {
    super(
      'not-found',
      'carton-discarded',
      `Carton ${sscc} was discarded at ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC by ${by}; its label is void. Tear it off and use another carton.`,
      { carton: sscc, discardedAt: at.toISOString(), discardedBy: by },
    );
  }
}
