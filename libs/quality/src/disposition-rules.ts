import { UnitStatus } from '@lt/production';
import {
  AlreadyOnHoldError,
  assertStatusChange,
  NotFailedError,
  NotOnHoldError,
  ReworkLimitReachedError,
} from './quality-errors';

/**
 * What a supervisor does with a unit besides testing it: rework, hold, release, scrap.
 * Pure decisions over the unit's state; the service locks, decides, writes.
 */

export type DispositionAction = 'rework' | 'hold' | 'release' | 'scrap';

export interface DispositionUnit {
  serialNumber: string;
  status: UnitStatus;
  heldFromStatus: UnitStatus | null;
  nextStage: string | null;
  routePosition: number;
  passedAt: Date | null;
}

export interface DispositionDecision {
  eventType: 'REWORK_STARTED' | 'HELD' | 'RELEASED' | 'SCRAPPED';
  fromStatus: UnitStatus;
  toStatus: UnitStatus;
  heldFromStatus: UnitStatus | null;
}

/** `failsAtStage`: how often the unit failed its current stage; `maxFails`: QC_MAX_FAILS_PER_STAGE. */
export function decideRework(
  unit: DispositionUnit,
  failsAtStage: number,
  maxFails: number,
): DispositionDecision {
  if (unit.status !== 'FAILED') throw new NotFailedError(unit.serialNumber, unit.status);
  if (failsAtStage > maxFails) {
    throw new ReworkLimitReachedError(
      unit.serialNumber,
      unit.nextStage ?? '?',
      failsAtStage,
      maxFails,
    );
  }
  assertStatusChange(unit.serialNumber, unit.status, 'IN_REWORK');
  return {
    eventType: 'REWORK_STARTED',
    fromStatus: unit.status,
    toStatus: 'IN_REWORK',
    heldFromStatus: null,
  };
}

export function decideHold(unit: DispositionUnit): DispositionDecision {
  if (unit.status === 'ON_HOLD')
    throw new AlreadyOnHoldError(unit.serialNumber, unit.heldFromStatus);
  assertStatusChange(unit.serialNumber, unit.status, 'ON_HOLD');
  return {
    eventType: 'HELD',
    fromStatus: unit.status,
    toStatus: 'ON_HOLD',
    heldFromStatus: unit.status,
  };
}

export function decideRelease(unit: DispositionUnit): DispositionDecision {
  if (unit.status !== 'ON_HOLD') throw new NotOnHoldError(unit.serialNumber, unit.status);
  // held_from_status is always written by a hold; the fallback only covers rows from elsewhere.
  const back: UnitStatus =
    unit.heldFromStatus ??
    (unit.passedAt ? 'PASSED' : unit.routePosition > 0 ? 'IN_QC' : 'ASSEMBLED');
  assertStatusChange(unit.serialNumber, unit.status, back);
  return { eventType: 'RELEASED', fromStatus: unit.status, toStatus: back, heldFromStatus: null };
}

export function decideScrap(unit: DispositionUnit): DispositionDecision {
  assertStatusChange(unit.serialNumber, unit.status, 'SCRAPPED');
  return {
    eventType: 'SCRAPPED',
    fromStatus: unit.status,
    toStatus: 'SCRAPPED',
    heldFromStatus: null,
  };
}
