import { EntityManager } from 'typeorm';
import { isUuid, NotFoundError } from '@lt/core';
import { RegistryStatus, UnitStatus } from './unit-status';

/** The columns of a unit that the rules read; `lockUnit` returns it under a row lock. */
export interface UnitRow {
  id: string;
  serial_number: string;
  work_order_id: string;
  device_model_id: string;
  line_id: string;
  plant_id: string;
  status: UnitStatus;
  held_from_status: UnitStatus | null;
  route_position: number;
  next_stage: string | null;
  registry_status: RegistryStatus;
  registry_reason: string | null;
  assembled_at: Date;
  passed_at: Date | null;
}

const IMEI = /^\d{15}$/;

/** A unit ref that is the unit's id (in any case); any other ref is a serial or an IMEI. */
export const isUnitIdRef = (ref: string): boolean => isUuid(ref);
/** A unit ref that may be an IMEI; a serial may read the same, and then the serial wins. */
export const mayBeImeiRef = (ref: string): boolean => IMEI.test(ref);

/**
 * A unit is referred to by its id, its serial number or either IMEI (what a scanner reads).
 * The SQL condition selecting it from `units u`, with `$1` as the ref.
 */
export function unitRefCondition(ref: string): string {
  if (isUnitIdRef(ref)) return 'u.id = $1::uuid';
  if (mayBeImeiRef(ref))
    return `(u.id = (SELECT unit_id FROM imeis WHERE imei = $1) OR u.serial_number = $1)`;
  return 'u.serial_number = $1';
}

export async function findUnitId(tx: EntityManager, ref: string): Promise<string> {
  const rows = await tx.query<{ id: string }[]>(
    `SELECT u.id FROM units u WHERE ${unitRefCondition(ref)}`,
    [ref],
  );
  if (rows.length === 0) throw new NotFoundError('Unit', ref);
  return rows[0].id;
}

/** Loads a unit by ref and locks its row until the transaction ends. */
export async function lockUnit(tx: EntityManager, ref: string): Promise<UnitRow> {
  const rows = await tx.query<UnitRow[]>(
    `SELECT u.* FROM units u WHERE ${unitRefCondition(ref)} FOR UPDATE OF u`,
    [ref],
  );
  if (rows.length === 0) throw new NotFoundError('Unit', ref);
  return rows[0];
}
