import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PoolClient } from 'pg';
import { SimDatabase } from '../db/sim-database';
import { uploadPath } from '../drs/drs-format';
import { FaultState } from '../faults/fault-state';

type Kind = 'registration' | 'deregistration';

/** Serialises IMEI-table changes of all requests in this schema. */
const LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('registry-sim:' || current_schema()))`;
const NORMS_OF = `SELECT left(imei, 14) FROM reg_imeis WHERE reg_id = $1`;

/**
 * Automatic processing after the device step (section 4): IMEIs stored as `pending` at half of
 * processingDelayMs, the outcome at its end. State lives in the labels, so a restart's sweep
 * finishes whatever a previous process left mid-way.
 */
@Injectable()
export class Processor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RegistrySim');
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly db: SimDatabase,
    private readonly faults: FaultState,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const regs = await this.db.query<{ id: number }>(
      `SELECT id FROM reg_details WHERE status_label = 'Pending Review' AND processing_status_label IN ('Processing', 'Processed') ORDER BY id`,
    );
    const deregs = await this.db.query<{ id: number }>(
      `SELECT id FROM dereg_details WHERE status_label = 'Pending Review' AND processing_status_label IN ('Processing', 'Processed') ORDER BY id`,
    );
    for (const { id } of regs) this.start('registration', id, 0);
    for (const { id } of deregs) this.start('deregistration', id, 0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }

  schedule(kind: Kind, id: number): void {
    this.start(kind, id, this.faults.faults.processingDelayMs);
  }

  private start(kind: Kind, id: number, delayMs: number): void {
    const half = Math.floor(delayMs / 2);
    this.later(half, async () => {
      await (kind === 'registration' ? this.storeRegistration(id) : this.storeDeregistration(id));
      this.later(delayMs - half, () =>
        kind === 'registration' ? this.reviewRegistration(id) : this.reviewDeregistration(id),
      );
    });
  }

  private later(ms: number, step: () => Promise<void>): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const run = step().catch((error: Error) =>
        this.logger.error(`processing failed: ${error.stack ?? error.message}`),
      );
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }, ms);
    this.timers.add(timer);
  }

  private async locked(work: (client: PoolClient) => Promise<void>): Promise<void> {
    await this.db.transaction(async (client) => {
      await client.query(LOCK_SQL);
      await work(client);
    });
  }

  /** Duplicates are judged here, against `whitelist` only, before this request's IMEIs enter the table. */
  private storeRegistration(id: number): Promise<void> {
    return this.locked(async (client) => {
      const { rows } = await client.query(
        `SELECT 1 FROM reg_details WHERE id = $1 AND status_label = 'Pending Review' AND processing_status_label = 'Processing' FOR UPDATE`,
        [id],
      );
      if (rows.length === 0) return;
      const dups = await client.query<{ norms: string[] | null }>(
        `SELECT array_agg(DISTINCT a.imei_norm ORDER BY a.imei_norm) AS norms
           FROM approved_imeis a WHERE a.status = 'whitelist' AND a.imei_norm IN (${NORMS_OF})`,
        [id],
      );
      await client.query(
        `INSERT INTO approved_imeis (imei_norm, status, request_id)
         SELECT DISTINCT left(imei, 14), 'pending', $1::int FROM reg_imeis WHERE reg_id = $1
         ON CONFLICT (imei_norm) DO UPDATE SET status = 'pending', request_id = EXCLUDED.request_id, updated_at = clock_timestamp()
           WHERE approved_imeis.status = 'removed'`,
        [id],
      );
      await client.query(
        `UPDATE reg_details SET processing_status_label = 'Processed', report_status_label = 'Processing',
           duplicate_imeis = $2, updated_at = clock_timestamp() WHERE id = $1`,
        [id, dups.rows[0].norms ?? []],
      );
    });
  }

  private reviewRegistration(id: number): Promise<void> {
    return this.locked(async (client) => {
      const { rows } = await client.query<{
        tracking_id: string;
        duplicate_imeis: string[] | null;
      }>(
        `SELECT tracking_id, duplicate_imeis FROM reg_details WHERE id = $1 AND status_label = 'Pending Review'
           AND processing_status_label = 'Processed' AND report_status_label = 'Processing' FOR UPDATE`,
        [id],
      );
      if (rows.length === 0) return;
      const rejected = (rows[0].duplicate_imeis ?? []).length > 0;
      if (rejected) {
        await client.query(
          `UPDATE approved_imeis SET status = 'removed', updated_at = clock_timestamp()
            WHERE status <> 'whitelist' AND imei_norm IN (${NORMS_OF})`,
          [id],
        );
      } else {
        // By IMEI value, not owner; `removed` rows stay removed (`__update_to_approved_imeis`).
        await client.query(
          `UPDATE approved_imeis SET status = 'whitelist', updated_at = clock_timestamp()
            WHERE status = 'pending' AND imei_norm IN (${NORMS_OF})`,
          [id],
        );
      }
      await client.query(
        `UPDATE reg_details SET status_label = $2, report_status_label = 'Processed', report = $3, report_allowed = true,
           duplicate_imeis_file = $4, updated_at = clock_timestamp() WHERE id = $1`,
        [
          id,
          rejected ? 'Rejected' : 'Approved',
          `compliant_report${randomUUID()}.tsv`,
          rejected ? uploadPath(rows[0].tracking_id, 'duplicated_imeis.txt') : null,
        ],
      );
    });
  }

  private storeDeregistration(id: number): Promise<void> {
    return this.locked(async (client) => {
      await client.query(
        `UPDATE dereg_details SET processing_status_label = 'Processed', report_status_label = 'Processing', updated_at = clock_timestamp()
          WHERE id = $1 AND status_label = 'Pending Review' AND processing_status_label = 'Processing'`,
        [id],
      );
    });
  }

  /** Every IMEI of every registered unit (TSV row) holding a listed IMEI becomes `removed` (`de_register_imeis`). */
  private reviewDeregistration(id: number): Promise<void> {
    return this.locked(async (client) => {
      const { rows } = await client.query(
        `SELECT 1 FROM dereg_details WHERE id = $1 AND status_label = 'Pending Review'
           AND processing_status_label = 'Processed' AND report_status_label = 'Processing' FOR UPDATE`,
        [id],
      );
      if (rows.length === 0) return;
      await client.query(
        `WITH listed AS (
           SELECT DISTINCT left(i.imei, 14) AS norm FROM dereg_imeis i
            WHERE i.dereg_id = $1 AND left(i.imei, 8) IN (SELECT tac FROM dereg_devices WHERE dereg_id = $1)
         ), units AS (
           SELECT DISTINCT r.reg_id, r.row_no FROM reg_imeis r JOIN reg_details d ON d.id = r.reg_id
            WHERE d.status_label = 'Approved' AND left(r.imei, 14) IN (SELECT norm FROM listed)
         ), norms AS (
           SELECT left(r.imei, 14) AS norm FROM reg_imeis r JOIN units u ON u.reg_id = r.reg_id AND u.row_no = r.row_no
           UNION SELECT norm FROM listed
         )
         UPDATE approved_imeis SET status = 'removed', updated_at = clock_timestamp()
          WHERE status <> 'removed' AND imei_norm IN (SELECT norm FROM norms)`,
        [id],
      );
      await client.query(
        `UPDATE dereg_details SET status_label = 'Approved', report_status_label = 'Processed', report = $2,
           report_allowed = true, updated_at = clock_timestamp() WHERE id = $1`,
        [id, `compliant_report${randomUUID()}.tsv`],
      );
    });
  }
}
