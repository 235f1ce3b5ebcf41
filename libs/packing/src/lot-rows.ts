import { EntityManager } from 'typeorm';
import { NotFoundError } from '@lt/core';
import { LotRow } from './dto/export-lot.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type LockMode = 'FOR UPDATE' | 'FOR SHARE' | '';

/** A lot by id or number, optionally locked; 404 when there is none. */
export async function loadLot(
  tx: EntityManager,
  ref: string,
  lock: LockMode = '',
): Promise<LotRow> {
  const column = UUID.test(ref) ? 'id = $1::uuid' : 'number = $1';
  const rows = await tx.query<LotRow[]>(`SELECT * FROM export_lots WHERE ${column} ${lock}`, [ref]);
  if (rows.length === 0) throw new NotFoundError('Export lot', ref);
  return rows[0];
}
