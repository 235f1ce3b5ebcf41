import { EntityManager } from 'typeorm';
import { isUuid, NotFoundError } from '@lt/core';
import { LotRow } from './dto/export-lot.dto';
import { LotStatusError } from './packing-errors';

export type LockMode = 'FOR UPDATE' | 'FOR SHARE' | '';

/** A lot by id or number, optionally locked; 404 when there is none. */
export async function loadLot(
  tx: EntityManager,
  ref: string,
  lock: LockMode = '',
): Promise<LotRow> {
  const column = isUuid(ref) ? 'id = $1::uuid' : 'number = $1';
  const rows = await tx.query<LotRow[]>(`SELECT * FROM export_lots WHERE ${column} ${lock}`, [ref]);
  if (rows.length === 0) throw new NotFoundError('Export lot', ref);
  return rows[0];
}

/**
 * Units that failed an outgoing inspection of the lot since they were packed in it, and are
 * still packed there (optionally only `unitId`), with their carton.
 */
export async function failedStillPacked(
  tx: EntityManager,
  lotId: string,
  unitId?: string,
): Promise<{ serialNumber: string; carton: string }[]> {
  const rows = await tx.query<{ serial_number: string; sscc: string }[]>(
    `SELECT DISTINCT u.serial_number, c.sscc
     FROM lot_inspections i
     JOIN lot_inspection_samples s ON s.inspection_id = i.id AND s.result = 'FAIL'
     JOIN packed_units p ON p.unit_id = s.unit_id AND p.lot_id = i.lot_id AND p.packed_at <= s.inspected_at
     JOIN export_cartons c ON c.id = p.carton_id
     JOIN units u ON u.id = s.unit_id
     WHERE i.lot_id = $1 AND ($2::uuid IS NULL OR s.unit_id = $2) ORDER BY u.serial_number`,
    [lotId, unitId ?? null],
  );
  return rows.map((r) => ({ serialNumber: r.serial_number, carton: r.sscc }));
}

/** Refuses while a carton of the lot is open, naming up to five; `before` ends the sentence. */
export async function assertAllCartonsClosed(
  tx: EntityManager,
  lot: LotRow,
  before: string,
): Promise<void> {
  const open = await tx.query<{ sscc: string }[]>(
    `SELECT sscc FROM export_cartons WHERE lot_id = $1 AND status = 'OPEN' ORDER BY sscc LIMIT 5`,
    [lot.id],
  );
  if (open.length > 0) {
    throw new LotStatusError(
      lot.number,
      lot.status,
      `carton(s) ${open.map((c) => c.sscc).join(', ')} are still open; close every carton (discard an empty one) ${before}.`,
    );
  }
}
