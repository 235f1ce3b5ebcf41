import { DomainError } from '@lt/core';
import { RegistryStatus, UnitStatus } from '@lt/production';
import {
  assertStatusChange,
  DefectCodeRequiredError,
  DefectCodesOnPassError,
  StageOutOfOrderError,
  UnitTakesNoResultsError,
  UnknownDefectCodeError,
} from './quality-errors';

/**
 * The route rules of one QC result as a pure function: given the unit's state (with its
 * results so far at the stage due), decide the result row and the unit's next state, or
 * refuse. The single endpoint and the batch endpoint both call it, so the two cannot
 * disagree; the batch calls it item after item on the state the previous items left.
 */

export type QcOutcome = 'PASS' | 'FAIL';

/** What the rules need to know about a unit, kept current across the items of a batch. */
export interface UnitQcState {
  id: string;
  serialNumber: string;
  lineId: string;
  deviceModelId: string;
  status: UnitStatus;
  routePosition: number;
  nextStage: string | null;
  registryStatus: RegistryStatus;
  passedAt: Date | null;
  route: readonly string[];
  /** Results so far at the stage due (`expectedStage`): the only stage a result may be for. */
  stageAttempts: number;
}

export interface QcResultInput {
  stage: string;
  result: QcOutcome;
  defectCodes?: string[];
}

/** A defect code's stage, or null when it is valid at any stage; a missing code is unknown. */
export type DefectCodeStages = ReadonlyMap<string, string | null>;

export interface QcDecision {
  stage: string;
  result: QcOutcome;
  attempt: number;
  defectCodes: string[];
  fromStatus: UnitStatus;
  toStatus: UnitStatus;
  routePosition: number;
  nextStage: string | null;
  /** True when this result passes the last stage. */
  completesRoute: boolean;
  /**
   * True when passing the last stage makes the unit due for the registry: the first time.
   * A unit passes it again after failing an outgoing inspection; its registration stands.
   */
  dueForRegistry: boolean;
}

const TAKES_RESULTS: readonly UnitStatus[] = ['ASSEMBLED', 'IN_QC', 'IN_REWORK'];

/** The stage a unit must be tested at next (next_stage is kept, the route is the fallback). */
export function expectedStage(
  unit: Pick<UnitQcState, 'nextStage' | 'route' | 'routePosition'>,
): string | null {
  return unit.nextStage ?? unit.route[unit.routePosition] ?? null;
}

export function decideQcResult(
  unit: UnitQcState,
  input: QcResultInput,
  defectStages: DefectCodeStages,
): QcDecision {
  const expected = expectedStage(unit);
  if (!TAKES_RESULTS.includes(unit.status)) {
    throw new UnitTakesNoResultsError(unit.serialNumber, unit.status, expected);
  }
  if (input.stage !== expected)
    throw new StageOutOfOrderError(unit.serialNumber, input.stage, expected);

  const defectCodes = [...new Set(input.defectCodes ?? [])];
  if (input.result === 'FAIL') {
    if (defectCodes.length === 0) throw new DefectCodeRequiredError(unit.serialNumber, input.stage);
    const unknown = defectCodes.filter((code) => {
      const stage = defectStages.get(code);
      return stage === undefined || (stage !== null && stage !== input.stage);
    });
    if (unknown.length > 0) throw new UnknownDefectCodeError(input.stage, unknown);
  } else if (defectCodes.length > 0) {
    throw new DefectCodesOnPassError(input.stage);
  }

  // route_position is 0-based and names the stage due; indexOf covers rows made before it was kept.
  const position =
    unit.route[unit.routePosition] === input.stage
      ? unit.routePosition
      : unit.route.indexOf(input.stage);
  const attempt = unit.stageAttempts + 1;
  if (input.result === 'FAIL') {
    assertStatusChange(unit.serialNumber, unit.status, 'FAILED');
    return {
      stage: input.stage,
      result: 'FAIL',
      attempt,
      defectCodes,
      fromStatus: unit.status,
      toStatus: 'FAILED',
      routePosition: position,
      nextStage: input.stage,
      completesRoute: false,
      dueForRegistry: false,
    };
  }
  const completesRoute = position === unit.route.length - 1;
  const toStatus: UnitStatus = completesRoute ? 'PASSED' : 'IN_QC';
  assertStatusChange(unit.serialNumber, unit.status, toStatus);
  return {
    stage: input.stage,
    result: 'PASS',
    attempt,
    defectCodes,
    fromStatus: unit.status,
    toStatus,
    routePosition: position + 1,
    nextStage: completesRoute ? null : unit.route[position + 1],
    completesRoute,
    dueForRegistry: completesRoute && unit.registryStatus === 'NOT_DUE',
  };
}

/** The unit's state after a decision, for the next item of a batch on the same unit. */
export function applyDecision(unit: UnitQcState, decision: QcDecision, at: Date): void {
  unit.status = decision.toStatus;
  unit.routePosition = decision.routePosition;
  unit.nextStage = decision.nextStage;
  // A fail keeps the unit at the stage; a pass moves it to one it has never been at.
  unit.stageAttempts = decision.result === 'FAIL' ? decision.attempt : 0;
  if (decision.dueForRegistry) {
    unit.registryStatus = 'PENDING';
    unit.passedAt = at;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
