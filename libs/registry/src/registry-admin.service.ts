import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Page, pageOf } from '@lt/core';
import { Actor, AuditService } from '@lt/auth';
import { recordUnitEvents, REGISTRY_STATUSES } from '@lt/production';
import {
  RegistryBacklogDto,
  RetryRequestDto,
  RetryResultDto,
  SubmissionDto,
  SubmissionQuery,
} from './dto/registry.dto';
import { RegisteredImeiRow } from './registration-list';
import { BullSubmissionQueue } from './submission-queue';
import { returning } from './sql-rows';

interface SubmissionListRow {
  id: string;
  kind: SubmissionDto['kind'];
  state: SubmissionDto['state'];
  device_model_id: string;
  file_name: string;
  device_count: number;
  reg_id: string | null;
  tracking_id: string | null;
  registry_status: string | null;
  attempts: number;
  failures_in_a_row: number;
  last_error: string | null;
  parent_id: string | null;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  steps: {
    at: string;
    step: string;
    outcome: string;
    http_status: number | null;
    detail: Record<string, unknown> | null;
  }[];
}

/** What people see of the registry push, and the administrator's retry. */
@Injectable()
export class RegistryAdminService {
  constructor(
    private readonly db: DataSource,
    private readonly queue: BullSubmissionQueue,
    private readonly audit: AuditService,
  ) {}

  async backlog(): Promise<RegistryBacklogDto> {
    const [row] = await this.db.query<
      {
        counts: Record<string, string> | null;
        oldest: number | null;
        registered: string;
        failed: string;
      }[]
    >(
      `SELECT (SELECT jsonb_object_agg(registry_status, n) FROM (SELECT registry_status, count(*) n FROM units GROUP BY 1) c) AS counts,
              (SELECT extract(epoch FROM now() - min(passed_at))::float FROM units WHERE registry_status IN ('PENDING', 'SUBMITTED')) AS oldest,
              (SELECT count(*) FROM registry_submission_units WHERE outcome = 'REGISTERED' AND resolved_at > now() - interval '1 hour') AS registered,
              (SELECT count(*) FROM registry_submissions WHERE state = 'FAILED') AS failed`,
    );
    const counts = Object.fromEntries(
      REGISTRY_STATUSES.map((s) => [s, Number(row.counts?.[s] ?? 0)]),
    ) as RegistryBacklogDto['counts'];
    return {
      counts,
      oldestPendingAgeSeconds: row.oldest === null ? null : Math.round(row.oldest),
      registeredLastHour: Number(row.registered),
      failedSubmissions: Number(row.failed),
    };
  }

  async submissions(query: SubmissionQuery): Promise<Page<SubmissionDto>> {
    const rows = await this.db.query<(SubmissionListRow & { total: string })[]>(
      `SELECT s.*, count(*) OVER () AS total,
              coalesce((SELECT jsonb_agg(jsonb_build_object('at', st.at, 'step', st.step, 'outcome', st.outcome,
                         'http_status', st.http_status, 'detail', st.detail) ORDER BY st.id)
                        FROM registry_submission_steps st WHERE st.submission_id = s.id), '[]') AS steps
       FROM registry_submissions s
       WHERE ($1::text IS NULL OR s.state = $1)
       ORDER BY s.created_at DESC, s.id LIMIT $2 OFFSET $3`,
      [query.state ?? null, query.limit, query.offset],
    );
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && query.offset > 0) {
      const [c] = await this.db.query<{ n: string }[]>(
        `SELECT count(*) n FROM registry_submissions WHERE ($1::text IS NULL OR state = $1)`,
        [query.state ?? null],
      );
      total = Number(c.n);
    }
    return pageOf(rows.map(toSubmissionDto), total, query);
  }

  /**
   * In one transaction: FAILED submissions resume at the step they stopped at (the push
   * derives it from what is recorded); the units of REJECTED submissions, and REJECTED units
   * named, go back to the outbox as PENDING, for a new submission; shipped units whose
   * de-registration the registry rejected go back to the outbox for de-registration, with
   * the reason they were first sent with.
   */
  async retry(actor: Actor, body: RetryRequestDto): Promise<RetryResultDto> {
    const submissionIds = body.submissionIds ?? [];
    const { resumed, rejected, requeued } = await this.db.transaction(async (tx) => {
      const resumed = (
        await returning<{ id: string }>(
          tx,
          `UPDATE registry_submissions SET failures_in_a_row = 0, updated_at = now(),
             state = CASE WHEN device_sent_at IS NOT NULL THEN 'DEVICE_SENT' WHEN reg_id IS NOT NULL THEN 'CREATED'
                          WHEN create_started_at IS NOT NULL THEN 'CREATING' ELSE 'QUEUED' END
           WHERE id = ANY($1::uuid[]) AND state = 'FAILED' RETURNING id`,
          [submissionIds],
        )
      ).map((r) => r.id);
      const ofRejected = await tx.query<{ submission_id: string; unit_id: string }[]>(
        `SELECT su.submission_id, su.unit_id FROM registry_submission_units su
         JOIN registry_submissions s ON s.id = su.submission_id
         WHERE s.id = ANY($1::uuid[]) AND s.state = 'REJECTED'`,
        [submissionIds],
      );
      const unitIds = [...new Set([...(body.unitIds ?? []), ...ofRejected.map((r) => r.unit_id)])];
      // A shipped unit left the country and a scrapped one never will: neither is registered again.
      const registrations = (
        await returning<{ id: string }>(
          tx,
          `UPDATE units SET registry_status = 'PENDING', registry_reason = NULL, updated_at = now()
           WHERE id = ANY($1::uuid[]) AND registry_status = 'REJECTED'
             AND status NOT IN ('SHIPPED', 'SCRAPPED') RETURNING id`,
          [unitIds],
        )
      ).map((r) => r.id);
      await tx.query(
        `INSERT INTO registry_outbox (unit_id, kind) SELECT unnest($1::uuid[]), 'REGISTER'`,
        [registrations],
      );
      const deregistrations = await this.requeueRejectedDeregistrations(tx, unitIds);
      await recordUnitEvents(tx, actor, [
        ...registrations.map((id) => ({
          unitId: id,
          type: 'REGISTRY_RETRY',
          fromStatus: null,
          toStatus: null,
          details: { registryStatus: 'PENDING' },
        })),
        ...deregistrations.map((id) => ({
          unitId: id,
          type: 'REGISTRY_RETRY',
          fromStatus: null,
          toStatus: null,
          details: { deregistration: 'queued again' },
        })),
      ]);
      const requeued = [...registrations, ...deregistrations];
      const sent = new Set(requeued);
      const rejected = [
        ...new Set(ofRejected.filter((r) => sent.has(r.unit_id)).map((r) => r.submission_id)),
      ];
      if (resumed.length > 0 || requeued.length > 0) {
        await this.audit.record(tx, actor, 'registry-retry', 'retry', 'RETRY', null, {
          submissionIds: [...resumed, ...rejected],
          unitIds: requeued,
        });
      }
      return { resumed, rejected, requeued };
    });
    await this.queue.ensureQueued(resumed);
    const done = new Set([...resumed, ...rejected, ...requeued]);
    return {
      submissionIds: [...resumed, ...rejected],
      unitIds: requeued,
      skipped: [...submissionIds, ...(body.unitIds ?? [])].filter((id) => !done.has(id)),
    };
  }

  /**
   * Shipped units still REGISTERED whose latest de-registration submission (a child one too,
   * when the units were resubmitted) ended REJECTED, with no de-registration waiting in the
   * outbox: a new DEREGISTER outbox row each, with that submission's reason. The unit's
   * reason is cleared in the same statement, and a unit whose reason a concurrent retry
   * already cleared is skipped, so a unit is queued once.
   */
  private async requeueRejectedDeregistrations(
    tx: EntityManager,
    unitIds: string[],
  ): Promise<string[]> {
    const rows = await returning<{ id: string }>(
      tx,
      `WITH latest AS (
         SELECT DISTINCT ON (su.unit_id) su.unit_id, s.reason, s.state
         FROM registry_submission_units su JOIN registry_submissions s ON s.id = su.submission_id
         WHERE su.unit_id = ANY($1::uuid[]) AND s.kind = 'DEREGISTER'
         ORDER BY su.unit_id, s.created_at DESC, s.id DESC
       ), due AS (
         UPDATE units u SET registry_reason = NULL, updated_at = now()
         FROM latest l
         WHERE u.id = l.unit_id AND l.state = 'REJECTED' AND u.status = 'SHIPPED'
           AND u.registry_status = 'REGISTERED' AND u.registry_reason IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM registry_outbox o
                           WHERE o.unit_id = u.id AND o.kind = 'DEREGISTER' AND o.claimed_at IS NULL)
         RETURNING u.id, l.reason
       ), queued AS (
         INSERT INTO registry_outbox (unit_id, kind, reason) SELECT id, 'DEREGISTER', reason FROM due
       )
       SELECT id FROM due`,
      [unitIds],
    );
    return rows.map((r) => r.id);
  }

  /** Every IMEI of every REGISTERED unit (optionally of one plant), ordered by unit and slot. */
  async registeredImeis(plantId?: string): Promise<RegisteredImeiRow[]> {
    const rows = await this.db.query<
      {
        imei: string;
        brand: string;
        name: string;
        model_number: string;
        device_type: string;
        technologies: string[];
        unit_id: string;
      }[]
    >(
      `SELECT i.imei::text AS imei, m.brand, m.name, m.model_number, m.device_type, m.technologies, u.id AS unit_id
       FROM units u JOIN imeis i ON i.unit_id = u.id JOIN device_models m ON m.id = u.device_model_id
       WHERE u.registry_status = 'REGISTERED' AND ($1::uuid IS NULL OR u.plant_id = $1)
       ORDER BY u.serial_number, i.slot`,
      [plantId ?? null],
    );
    return rows.map((r) => ({
      imei: r.imei,
      brand: r.brand,
      modelName: r.name,
      modelNumber: r.model_number,
      deviceType: r.device_type,
      technologies: r.technologies,
      unitId: r.unit_id,
    }));
  }
}

function toSubmissionDto(r: SubmissionListRow): SubmissionDto {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    deviceModelId: r.device_model_id,
    fileName: r.file_name,
    deviceCount: r.device_count,
    regId: r.reg_id === null ? null : Number(r.reg_id),
    trackingId: r.tracking_id,
    registryStatus: r.registry_status,
    attempts: r.attempts,
    failuresInARow: r.failures_in_a_row,
    lastError: r.last_error,
    parentId: r.parent_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    resolvedAt: r.resolved_at,
    steps: r.steps.map((s) => ({
      at: new Date(s.at),
      step: s.step,
      outcome: s.outcome,
      httpStatus: s.http_status,
      detail: s.detail,
    })),
  };
}
