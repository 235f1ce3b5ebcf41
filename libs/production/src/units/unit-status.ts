import { ConflictError } from '@lt/core';

export const UNIT_STATUSES = [
  'ASSEMBLED',
  'IN_QC',
  'FAILED',
  'IN_REWORK',
  'ON_HOLD',
  'PASSED',
  'PACKED',
  'SHIPPED',
  'SCRAPPED',
] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const REGISTRY_STATUSES = [
  'NOT_DUE',
  'PENDING',
  'SUBMITTED',
  'REGISTERED',
  'REJECTED',
  'DEREGISTERED',
] as const;
export type RegistryStatus = (typeof REGISTRY_STATUSES)[number];

/**
 * The unit's life as a state machine: every status change in the system goes through
 * `assertTransition`, so the rules live in this one table.
 */
const TRANSITIONS: Record<UnitStatus, readonly UnitStatus[]> = {
  ASSEMBLED: ['IN_QC', 'PASSED', 'FAILED', 'ON_HOLD', 'SCRAPPED'],
  IN_QC: ['IN_QC', 'PASSED', 'FAILED', 'ON_HOLD', 'SCRAPPED'],
  FAILED: ['IN_REWORK', 'ON_HOLD', 'SCRAPPED'],
  IN_REWORK: ['IN_QC', 'PASSED', 'FAILED', 'ON_HOLD', 'SCRAPPED'],
  // Release returns a held unit to the status it had; see `held_from_status`.
  ON_HOLD: ['ASSEMBLED', 'IN_QC', 'FAILED', 'IN_REWORK', 'PASSED', 'PACKED', 'SCRAPPED'],
  PASSED: ['PACKED', 'ON_HOLD', 'SCRAPPED'],
  PACKED: ['PASSED', 'SHIPPED', 'ON_HOLD'],
  SHIPPED: [],
  SCRAPPED: [],
};

export function canTransition(from: UnitStatus, to: UnitStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export class InvalidTransitionError extends ConflictError {
  constructor(serialNumber: string, from: UnitStatus, to: UnitStatus) {
    super('invalid-transition', `Unit ${serialNumber} is ${from} and cannot become ${to}.`, {
      serialNumber,
      unitStatus: from,
      requestedStatus: to,
    });
  }
}

export function assertTransition(serialNumber: string, from: UnitStatus, to: UnitStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(serialNumber, from, to);
}
