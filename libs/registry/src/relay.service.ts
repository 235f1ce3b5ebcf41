import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@lt/config';
import { recordUnitEvents } from '@lt/production';
import { createSubmissions, NewSubmission, REGISTRY_ACTOR } from './submissions.repository';
import { SUBMISSION_QUEUE, SubmissionKind, SubmissionQueue } from './submission-store';
import { returning } from './sql-rows';

/** Outbox kinds the relay takes. */
export const RELAYED_KINDS: SubmissionKind[] = ['REGISTER', 'DEREGISTER'];

/**
 * Registry statuses whose registration is still under way: a DEREGISTER row of such a unit
 * waits, unclaimed, until its registration ends (a unit is in at most one unresolved
 * submission, and DRS can only remove IMEIs it has approved).
 */
export const REGISTRATION_UNDER_WAY = ['PENDING', 'SUBMITTED'] as const;

/**
 * What the relay does with one claimable outbox row: REGISTER rows and DEREGISTER rows of
 * REGISTERED units go into submissions; a DEREGISTER row of a unit the registry does not hold
 * (registration REJECTED, already DEREGISTERED) is claimed with nothing to send.
 */
export function relayDecision(kind: SubmissionKind, registryStatus: string): 'submit' | 'drop' {
  if (kind === 'REGISTER') return 'submit';
  return registryStatus === 'REGISTERED' ? 'submit' : 'drop';
}

/** One relay run stops after this long, so the maintenance queue's other jobs get their turn. */
const RUN_BUDGET_MS = 10_000;

/**
 * Outbox -> submissions. Each round claims pending outbox rows (`FOR UPDATE SKIP LOCKED`,
 * so several workers relay side by side without taking the same row), groups them per
 * device model and kind (and reason, for de-registrations) into submissions of up to REGISTRY_BATCH_SIZE units, marks the
 * units SUBMITTED and the rows claimed, all in one transaction; then adds one job per
 * submission with the submission id as job id. A crash between commit and add leaves a
 * QUEUED submission that reconciliation queues again.
 */
@Injectable()
export class RelayService {
  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
    @Inject(SUBMISSION_QUEUE) private readonly queue: SubmissionQueue,
  ) {}

  async relay(): Promise<{ submissions: number; units: number }> {
    const started = Date.now();
    const limit = Math.min(5000, this.config.REGISTRY_BATCH_SIZE * 4);
    let submissions = 0;
    let units = 0;
    for (;;) {
      const round = await this.round(limit);
      await this.queue.enqueue(round.ids);
      submissions += round.ids.length;
      units += round.claimed;
      if (round.claimed < limit || Date.now() - started > RUN_BUDGET_MS) break;
    }
    return { submissions, units };
  }

  private round(limit: number): Promise<{ ids: string[]; claimed: number }> {
    return this.db.transaction(async (tx) => {
      // DEREGISTER rows of units whose registration is under way are not selected (so not
      // claimed): they wait in the outbox until the unit's registration submission resolves,
      // which sets the unit's status and its submission outcome in one transaction.
      const rows = await tx.query<
        {
          id: string;
          unit_id: string;
          kind: SubmissionKind;
          reason: string | null;
          device_model_id: string;
          registry_status: string;
        }[]
      >(
        `SELECT o.id, o.unit_id, o.kind, o.reason, u.device_model_id, u.registry_status
         FROM registry_outbox o JOIN units u ON u.id = o.unit_id
         WHERE o.claimed_at IS NULL AND o.kind = ANY($2::text[])
           AND (o.kind <> 'DEREGISTER' OR u.registry_status <> ALL($3::text[]))
         ORDER BY o.id LIMIT $1 FOR UPDATE OF o SKIP LOCKED`,
        [limit, RELAYED_KINDS, REGISTRATION_UNDER_WAY],
      );
      if (rows.length === 0) return { ids: [], claimed: 0 };
      const groups = new Map<string, NewSubmission>();
      const subs: NewSubmission[] = [];
      for (const row of rows) {
        if (relayDecision(row.kind, row.registry_status) === 'drop') continue;
        // De-registrations go per model and reason (DRS takes one reason per request).
        const reason = row.kind === 'DEREGISTER' ? (row.reason ?? 'Export') : null;
        const key = `${row.device_model_id}:${row.kind}:${reason ?? ''}`;
        let sub = groups.get(key);
        if (!sub || sub.unitIds.length >= this.config.REGISTRY_BATCH_SIZE) {
          sub = { deviceModelId: row.device_model_id, kind: row.kind, reason, unitIds: [] };
          groups.set(key, sub);
          subs.push(sub);
        }
        if (!sub.unitIds.includes(row.unit_id)) sub.unitIds.push(row.unit_id);
      }
      const ids = await createSubmissions(tx, subs);
      // Every claimed row is marked, even one whose unit was already in a live submission.
      await tx.query(
        `UPDATE registry_outbox o SET claimed_at = now(), submission_id = su.submission_id
         FROM registry_outbox o2 LEFT JOIN registry_submission_units su ON su.unit_id = o2.unit_id AND su.outcome IS NULL
         WHERE o.id = o2.id AND o.id = ANY($1::bigint[])`,
        [rows.map((r) => r.id)],
      );
      const registering = subs.filter((s) => s.kind === 'REGISTER').flatMap((s) => s.unitIds);
      const submitted = await returning<{ id: string }>(
        tx,
        `UPDATE units SET registry_status = 'SUBMITTED', updated_at = now()
         WHERE id = ANY($1::uuid[]) AND registry_status IN ('PENDING', 'NOT_DUE') RETURNING id`,
        [registering],
      );
      // A unit being de-registered stays REGISTERED until the registry confirms; its event says so.
      const deregistering = subs
        .filter((s) => s.kind === 'DEREGISTER')
        .flatMap((s) => s.unitIds.map((unitId) => ({ unitId, reason: s.reason })));
      await recordUnitEvents(tx, REGISTRY_ACTOR, [
        ...submitted.map((u) => ({
          unitId: u.id,
          type: 'REGISTRY_SUBMITTED',
          fromStatus: null,
          toStatus: null,
          details: { registryStatus: 'SUBMITTED' },
        })),
        ...deregistering.map((u) => ({
          unitId: u.unitId,
          type: 'REGISTRY_DEREGISTRATION_SUBMITTED',
          fromStatus: null,
          toStatus: null,
          details: { registryStatus: 'REGISTERED', reason: u.reason },
        })),
      ]);
      return { ids, claimed: rows.length };
    });
  }
}
