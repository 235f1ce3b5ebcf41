import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@lt/config';
import { RegistryRateLimitedError } from './registry-errors';
import { readRequests } from './adoption';
import { REGISTRY_PORT, RegistryPort } from './registry-port';
import { BullSubmissionQueue } from './submission-queue';
import { LIVE_STATES } from './submission-store';

const LIVE = LIVE_STATES.map((s) => `'${s}'`).join(', ');

/**
 * PostgreSQL alone is enough to carry on: submissions in flight without progress for
 * REGISTRY_STALE_AFTER_MS (their job vanished with a Redis flush or restart, or a relay
 * crashed before adding it) are queued again; the push resumes each at its recorded step
 * and asks the registry about anything it does not know. Outbox rows never claimed are the
 * relay's. Requests of ours left `New Request` that no submission owns (orphans of a lost
 * answer) are closed, so none stays open.
 */
@Injectable()
export class ReconcileService {
  private readonly logger = new Logger(ReconcileService.name);

  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly queue: BullSubmissionQueue,
    @Inject(REGISTRY_PORT) private readonly registry: RegistryPort,
  ) {}

  async reconcile(): Promise<{ requeued: number; orphansClosed: number }> {
    const stale = await this.db.query<{ id: string }[]>(
      `SELECT id FROM registry_submissions
       WHERE state IN (${LIVE}) AND updated_at < now() - $1 * interval '1 millisecond'
         AND (lease_until IS NULL OR lease_until < now())
       ORDER BY updated_at LIMIT 2000`,
      [this.config.REGISTRY_STALE_AFTER_MS],
    );
    await this.queue.ensureQueued(stale.map((s) => s.id));
    let orphansClosed = 0;
    try {
      orphansClosed = await this.closeOrphans();
    } catch (error) {
      if (!(error instanceof RegistryRateLimitedError))
        this.logger.warn(`orphan sweep: ${(error as Error).message}`);
    }
    return { requeued: stale.length, orphansClosed };
  }

  /** Closes our `New Request` requests that no live submission owns or may still adopt. */
  private async closeOrphans(): Promise<number> {
    const cutoff = Date.now() - this.config.REGISTRY_STALE_AFTER_MS;
    // Only ours at New Request: orphans, and requests whose device step is still to come.
    const hits = await this.registry.searchOwnRegistrations({ status: 'New Request' });
    const old = hits
      .filter((hit) => hit.statusLabel === 'New Request' && Date.parse(hit.createdAt) < cutoff)
      .map((hit) => hit.id);
    if (old.length === 0) return 0;
    // Requests recorded by a live submission are not orphans: not read.
    const live = `kind = 'REGISTER' AND state IN (${LIVE}, 'FAILED')`;
    const recorded = await this.db.query<{ reg_id: string }[]>(
      `SELECT reg_id FROM registry_submissions WHERE ${live} AND reg_id = ANY($1::bigint[])`,
      [old],
    );
    const recordedIds = new Set(recorded.map((r) => Number(r.reg_id)));
    // A request the registry fails to read now (5xx) is passed over: the next sweep comes back to it.
    const unreadable: number[] = [];
    const candidates = await readRequests(
      this.registry,
      old.filter((id) => !recordedIds.has(id)),
      // Only our submissions' files start with lt-.
      (request) => request.statusLabel === 'New Request' && !!request.file?.startsWith('lt-'),
      (id) => unreadable.push(id),
    );
    if (unreadable.length > 0)
      this.logger.warn(
        `orphan sweep: passed over ${unreadable.length} request(s) the registry failed to read (${unreadable.slice(0, 10).join(', ')})`,
      );
    if (candidates.length === 0) return 0;
    // Owned, asked again in one statement after the reads (a push may have recorded one
    // since): recorded as a live submission's request, or carrying the file name of a live
    // submission that has not recorded its request yet (its next run adopts one of them).
    const owned = await this.db.query<{ reg_id: string | null; file_name: string }[]>(
      `SELECT reg_id, file_name FROM registry_submissions
       WHERE ${live} AND (reg_id = ANY($1::bigint[]) OR file_name = ANY($2::text[]))`,
      [candidates.map((c) => c.id), candidates.map((c) => c.file)],
    );
    const ownedIds = new Set(owned.filter((o) => o.reg_id !== null).map((o) => Number(o.reg_id)));
    const waitingFiles = new Set(owned.filter((o) => o.reg_id === null).map((o) => o.file_name));
    let closed = 0;
    for (const orphan of candidates) {
      if (ownedIds.has(orphan.id) || waitingFiles.has(orphan.file ?? '')) continue;
      await this.registry.closeRegistration(orphan.id).then(
        () => (closed += 1),
        (error: Error) => this.logger.warn(`closing orphan request ${orphan.id}: ${error.message}`),
      );
    }
    if (closed > 0) this.logger.log(`closed ${closed} orphan registry request(s)`);
    return closed;
  }
}
