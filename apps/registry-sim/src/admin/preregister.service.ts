import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SimDatabase } from '../db/sim-database';

export const PREREGISTERED_OWNER = 'preregistered-owner';

/** Models IMEIs registered elsewhere: one Approved request of `preregistered-owner`, one unit per IMEI. */
@Injectable()
export class PreregisterService {
  constructor(private readonly db: SimDatabase) {}

  async preregister(imeis: string[]): Promise<number> {
    const norms = [...new Set(imeis.map((imei) => imei.slice(0, 14)))];
    if (norms.length === 0) return 0;
    await this.db.transaction(async (client) => {
      await client.query(
        `SELECT pg_advisory_xact_lock(hashtext('registry-sim:' || current_schema()))`,
      );
      const reg = await client.query<{ id: number }>(
        `INSERT INTO reg_details (tracking_id, user_id, user_name, device_count, imei_per_device, m_location, status_label,
           processing_status_label, report_status_label, report_allowed)
         VALUES ($1, $2, $2, $3, 1, 'local', 'Approved', 'Processed', 'Processed', false) RETURNING id`,
        [randomUUID(), PREREGISTERED_OWNER, norms.length],
      );
      const id = reg.rows[0].id;
      await client.query(
        `INSERT INTO reg_imeis (reg_id, row_no, col_no, imei) SELECT $1, n - 1, 0, i FROM unnest($2::text[]) WITH ORDINALITY AS t(i, n)`,
        [id, norms],
      );
      await client.query(
        `INSERT INTO approved_imeis (imei_norm, status, request_id) SELECT i, 'whitelist', $1 FROM unnest($2::text[]) AS t(i)
         ON CONFLICT (imei_norm) DO UPDATE SET status = 'whitelist', updated_at = clock_timestamp()`,
        [id, norms],
      );
    });
    return norms.length;
  }
}
