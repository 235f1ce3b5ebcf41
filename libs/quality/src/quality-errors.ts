import { ConflictError, DomainError } from '@lt/core';
import { canTransition, UnitStatus } from '@lt/production';

/**
 * Facts name the unit's status `unitStatus`: `status` is the HTTP status in problem+json.
 *
 * The refusals of the QC rules, each carrying the facts a scanner screen needs to say
 * what is wrong and what to do next.
 */

export class StageOutOfOrderError extends ConflictError {
  constructor(serialNumber: string, stage: string, expectedStage: string | null) {
    super(
      'stage-out-of-order',
      expectedStage
        ? `Unit ${serialNumber} is due at stage ${expectedStage}, not ${stage}; test it at ${expectedStage} first.`
        : `Unit ${serialNumber} has no stage left on its route; it takes no result at ${stage}.`,
      { serialNumber, stage, expectedStage },
    );
  }
}

/** What to do with a unit whose status takes no results, per status. */
const NO_RESULTS_ADVICE: Partial<Record<UnitStatus, string>> = {
  FAILED: 'send it to rework first (POST /api/units/{ref}/rework), then test it again',
  ON_HOLD: 'release the hold first (POST /api/units/{ref}/release)',
  SCRAPPED: 'a scrapped unit is never tested again',
  PASSED: 'it has passed every stage of its route already',
  PACKED: 'it has passed every stage and is packed',
  SHIPPED: 'it has passed every stage and is shipped',
};

export class UnitTakesNoResultsError extends ConflictError {
  constructor(serialNumber: string, status: UnitStatus, nextStage: string | null) {
    const advice = NO_RESULTS_ADVICE[status] ?? 'it cannot be tested now';
    super(
      'unit-takes-no-results',
      `Unit ${serialNumber} is ${status} and takes no QC result: ${advice}.`,
      {
        serialNumber,
        unitStatus: status,
        nextStage,
      },
    );
  }
}

function defectCodeError(
  code: string,
  message: string,
  facts: Record<string, unknown>,
): DomainError {
  return new DomainError('unprocessable', code, message, facts, [
    { field: 'defectCodes', message },
  ]);
}

export class DefectCodeRequiredError extends DomainError {
  constructor(serialNumber: string, stage: string) {
    const e = defectCodeError(
      'defect-code-required',
      `A FAIL at ${stage} needs at least one defect code; pick the defect found on unit ${serialNumber}.`,
      { serialNumber, stage },
    );
    super(e.kind, e.code, e.message, e.facts, e.errors);
  }
}

export class UnknownDefectCodeError extends DomainError {
  constructor(stage: string, defectCodes: string[]) {
    const e = defectCodeError(
      'unknown-defect-code',
      `Defect code${defectCodes.length > 1 ? 's' : ''} ${defectCodes.join(', ')} ${defectCodes.length > 1 ? 'are' : 'is'} not known for stage ${stage}.`,
      { stage, defectCodes },
    );
    super(e.kind, e.code, e.message, e.facts, e.errors);
  }
}

export class DefectCodesOnPassError extends DomainError {
  constructor(stage: string) {
    const e = defectCodeError(
      'defect-codes-on-pass',
      `A PASS at ${stage} carries no defect codes; send FAIL instead.`,
      { stage },
    );
    super(e.kind, e.code, e.message, e.facts, e.errors);
  }
}

export class ReworkLimitReachedError extends ConflictError {
  constructor(serialNumber: string, stage: string, fails: number, maxFails: number) {
    super(
      'rework-limit-reached',
      `Unit ${serialNumber} failed ${stage} ${fails} times, more than the limit of ${maxFails}; it can only be scrapped (POST /api/units/{ref}/scrap).`,
      { serialNumber, stage, fails, maxFails },
    );
  }
}

export class NotFailedError extends ConflictError {
  constructor(serialNumber: string, status: UnitStatus) {
    super(
      'unit-not-failed',
      `Unit ${serialNumber} is ${status}; only a FAILED unit goes to rework.`,
      { serialNumber, unitStatus: status },
    );
  }
}

export class NotOnHoldError extends ConflictError {
  constructor(serialNumber: string, status: UnitStatus) {
    super(
      'unit-not-on-hold',
      `Unit ${serialNumber} is ${status}, not ON_HOLD; there is no hold to release.`,
      {
        serialNumber,
        unitStatus: status,
      },
    );
  }
}

export class AlreadyOnHoldError extends ConflictError {
  constructor(serialNumber: string, heldFromStatus: UnitStatus | null) {
    super(
      'unit-already-on-hold',
      `Unit ${serialNumber} is already ON_HOLD; release it first to change it.`,
      {
        serialNumber,
        unitStatus: 'ON_HOLD',
        heldFromStatus,
      },
    );
  }
}

/**
 * The state machine's refusal, with the unit's status as `unitStatus`.
 * (`InvalidTransitionError` of the units library names it `status`, which would overwrite
 * the HTTP status of the problem answer.)
 */
export class StatusChangeRefusedError extends ConflictError {
  constructor(serialNumber: string, from: UnitStatus, to: UnitStatus) {
    super('invalid-transition', `Unit ${serialNumber} is ${from} and cannot become ${to}.`, {
      serialNumber,
      unitStatus: from,
      requestedStatus: to,
    });
  }
}

export function assertStatusChange(serialNumber: string, from: UnitStatus, to: UnitStatus): void {
  if (!canTransition(from, to)) throw new StatusChangeRefusedError(serialNumber, from, to);
}
