import { Injectable } from '@nestjs/common';
import { SimDatabase } from '../db/sim-database';
import { TacRecord } from '../validation/multi-sim-check';

export interface TacInput {
  tac: string;
  brand_name?: string;
  model_name?: string;
  simslot?: string | number;
  marketing_name?: string;
  internal_model_name?: string;
  operating_system?: string;
  device_type?: string;
  radio_interface?: string;
}

const COLUMNS = [
  'brand_name',
  'model_name',
  'simslot',
  'marketing_name',
  'internal_model_name',
  'operating_system',
  'device_type',
  'radio_interface',
] as const;

/** The simulated GSMA TAC database (deviation e). */
@Injectable()
export class TacStore {
  constructor(private readonly db: SimDatabase) {}

  async find(tacs: string[]): Promise<Map<string, TacRecord>> {
    const unique = [...new Set(tacs)];
    const rows =
      unique.length === 0
        ? []
        : await this.db.query<TacRecord>('SELECT * FROM tacs WHERE tac = ANY($1::text[])', [
            unique,
          ]);
    return new Map(rows.map((row) => [row.tac, row]));
  }

  async upsert(tacs: TacInput[]): Promise<number> {
    if (tacs.length === 0) return 0;
    const columns = COLUMNS.map((name) =>
      tacs.map((t) => (t[name] === undefined || t[name] === null ? null : String(t[name]))),
    );
    await this.db.query(
      `INSERT INTO tacs (tac, ${COLUMNS.join(', ')})
       SELECT * FROM unnest($1::text[], ${COLUMNS.map((_, i) => `$${i + 2}::text[]`).join(', ')})
       ON CONFLICT (tac) DO UPDATE SET ${COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
      [tacs.map((t) => t.tac), ...columns],
    );
    return tacs.length;
  }
}

/** Core's `gsma` block for a TAC record. */
export function gsmaJson(record: TacRecord | undefined): Record<string, unknown> | null {
  if (!record) return null;
  return {
    allocation_date: null,
    bands: null,
    bluetooth: null,
    brand_name: record.brand_name,
    device_type: record.device_type,
    internal_model_name: record.internal_model_name,
    manufacturer: record.brand_name,
    marketing_name: record.marketing_name,
    model_name: record.model_name,
    nfc: null,
    operating_system: record.operating_system,
    radio_interface: record.radio_interface,
    simslot: record.simslot,
    wlan: null,
  };
}
