import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '@lt/auth';
import { recordUnitEvents, UnitEvent } from '@lt/production';
import {
  DeregDevice,
  LIVE_STATES,
  ModelInfo,
  Resolution,
  StepRecord,
  SubmissionKind,
  SubmissionRecord,
  SubmissionStore,
  SubmissionUnit,
  submissionFileName,
  UnitVerdict,
} from './submission-store';
import { returning } from './sql-rows';

export const REGISTRY_ACTOR: Actor = {
  userId: null,
  stationKeyId: null,
  name: 'system:registry',
  role: 'ADMIN',
};

interface SubmissionRow {
  id: string;
  device_model_id: string;
  kind: SubmissionKind;
  state: SubmissionRecord['state'];
  file_name: string;
  reg_id: string | null;
  tracking_id: string | null;
  create_started_at: Date | null;
  device_sent_at: Date | null;
  failures_in_a_row: number;
  reason: string | null;
  dereg_devices: DeregDevice[] | null;
}

const toRecord = (r: SubmissionRow): SubmissionRecord => ({
  id: r.id,
  deviceModelId: r.device_model_id,
  kind: r.kind,
  state: r.state,
  fileName: r.file_name,
  regId: r.reg_id === null ? null : Number(r.reg_id),
  trackingId: r.tracking_id,
  createStartedAt: r.create_started_at,
  deviceSentAt: r.device_sent_at,
  failuresInARow: r.failures_in_a_row,
  reason: r.reason,
  deregDevices: r.dereg_devices,
});

const LIVE = `state IN (${LIVE_STATES.map((s) => `'${s}'`).join(', ')})`;

/** The submissions in PostgreSQL: every change is one statement or one transaction. */
@Injectable()
export class SubmissionsRepository implements SubmissionStore {
  constructor(private readonly db: DataSource) {}

  async acquire(
    id: string,
    owner: string,
    leaseMs: number,
  ): Promise<SubmissionRecord | 'busy' | null> {
    const rows = await returning<SubmissionRow>(
      this.db,
      `UPDATE registry_submissions SET lease_owner = $2, lease_until = now() + $3 * interval '1 millisecond'
       WHERE id = $1 AND (lease_until IS NULL OR lease_until < now() OR lease_owner = $2) RETURNING *`,
      [id, owner, leaseMs],
    );
    if (rows.length > 0) return toRecord(rows[0]);
    const exists = await this.db.query<{ id: string }[]>(
      'SELECT id FROM registry_submissions WHERE id = $1',
      [id],
    );
    return exists.length > 0 ? 'busy' : null;
  }

  async renew(id: string, owner: string, leaseMs: number): Promise<boolean> {
    const rows = await returning<{ id: string }>(
      this.db,
      `UPDATE registry_submissions SET lease_until = now() + $3 * interval '1 millisecond'
       WHERE id = $1 AND lease_owner = $2 RETURNING id`,
      [id, owner, leaseMs],
    );
    return rows.length > 0;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.db.query(
      `UPDATE registry_submissions SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2`,
      [id, owner],
    );
  }

  async liveUnits(id: string): Promise<SubmissionUnit[]> {
    const rows = await this.db.query<
      { unit_id: string; serial_number: string; imeis: string[] | null }[]
    >(
      `SELECT su.unit_id, u.serial_number,
              ARRAY(SELECT i.imei::text FROM imeis i WHERE i.unit_id = su.unit_id ORDER BY i.slot) AS imeis
       FROM registry_submission_units su JOIN units u ON u.id = su.unit_id
       WHERE su.submission_id = $1 AND su.outcome IS NULL
       ORDER BY u.serial_number`,
      [id],
    );
    return rows.map((r) => ({
      unitId: r.unit_id,
      serialNumber: r.serial_number,
      imeis: r.imeis ?? [],
    }));
  }

  async model(deviceModelId: string): Promise<ModelInfo> {
    const [m] = await this.db.query<
      {
        id: string;
        brand: string;
        name: string;
        model_number: string;
        operating_system: string | null;
        device_type: string;
        technologies: string[];
        imeis_per_device: number;
      }[]
    >(
      `SELECT id, brand, name, model_number, operating_system, device_type, technologies, imeis_per_device
       FROM device_models WHERE id = $1`,
      [deviceModelId],
    );
    return {
      id: m.id,
      brand: m.brand,
      name: m.name,
      modelNumber: m.model_number,
      operatingSystem: m.operating_system,
      deviceType: m.device_type,
      technologies: m.technologies,
      imeisPerDevice: Number(m.imeis_per_device),
    };
  }

  async step(id: string, s: StepRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO registry_submission_steps (submission_id, step, outcome, http_status, detail) VALUES ($1, $2, $3, $4, $5)`,
      [id, s.step, s.outcome, s.httpStatus ?? null, s.detail ? JSON.stringify(s.detail) : null],
    );
  }

  async holdBack(id: string, verdicts: UnitVerdict[]): Promise<void> {
    if (verdicts.length === 0) return;
    await this.db.transaction(async (tx) => {
      await this.rejectUnits(tx, id, verdicts);
      await tx.query(
        `UPDATE registry_submissions SET device_count = device_count - $2, updated_at = now() WHERE id = $1`,
        [id, verdicts.length],
      );
    });
  }

  async markCreating(id: string, deviceCount: number): Promise<void> {
    await this.db.query(
      `UPDATE registry_submissions SET state = 'CREATING', create_started_at = coalesce(create_started_at, now()),
         device_count = $2, failures_in_a_row = 0, updated_at = now() WHERE id = $1`,
      [id, deviceCount],
    );
  }

  async recordCreated(
    id: string,
    regId: number,
    trackingId: string,
    deregDevices?: DeregDevice[],
  ): Promise<void> {
    await this.db.query(
      `UPDATE registry_submissions SET state = 'CREATED', reg_id = $2, tracking_id = $3, registry_status = 'New Request',
         dereg_devices = coalesce($4::jsonb, dereg_devices), failures_in_a_row = 0, updated_at = now() WHERE id = $1`,
      [id, regId, trackingId, deregDevices ? JSON.stringify(deregDevices) : null],
    );
  }

  async markDeviceSent(id: string, registryStatus: string): Promise<void> {
    await this.db.query(
      `UPDATE registry_submissions SET state = 'DEVICE_SENT', device_sent_at = coalesce(device_sent_at, now()),
         registry_status = $2, failures_in_a_row = 0, updated_at = now() WHERE id = $1`,
      [id, registryStatus],
    );
  }

  async resolve(id: string, r: Resolution): Promise<string | null> {
    return this.db.transaction(async (tx) => {
      const done = await returning<SubmissionRow>(
        tx,
        `UPDATE registry_submissions SET state = $2, registry_status = coalesce($3, registry_status), last_error = coalesce($4, last_error),
           resolved_at = now(), updated_at = now(), failures_in_a_row = 0, lease_owner = NULL, lease_until = NULL
         WHERE id = $1 AND (${LIVE} OR state = 'FAILED') RETURNING *`,
        [id, r.state, r.registryStatus ?? null, r.note ?? null],
      );
      if (done.length === 0) return null;
      const sub = done[0];
      const registered = r.registered ?? [];
      if (registered.length > 0) {
        const target = sub.kind === 'DEREGISTER' ? 'DEREGISTERED' : 'REGISTERED';
        const ids = await returning<{ unit_id: string }>(
          tx,
          `UPDATE registry_submission_units SET outcome = $3, resolved_at = now()
           WHERE submission_id = $1 AND unit_id = ANY($2::uuid[]) AND outcome IS NULL RETURNING unit_id`,
          [id, registered, target],
        );
        const unitIds = ids.map((x) => x.unit_id);
        await tx.query(
          `UPDATE units SET registry_status = $2, registry_reason = NULL, updated_at = now() WHERE id = ANY($1::uuid[])`,
          [unitIds, target],
        );
        await recordUnitEvents(
          tx,
          REGISTRY_ACTOR,
          unitIds.map((unitId) => this.event(unitId, target, id, sub.tracking_id)),
        );
      }
      await this.rejectUnits(tx, id, r.rejected ?? []);
      await this.releaseUnits(tx, id, r.released ?? []);
      const requeue = r.requeue ?? [];
      if (requeue.length === 0) return null;
      const moved = await returning<{ unit_id: string }>(
        tx,
        `UPDATE registry_submission_units SET outcome = 'REQUEUED', resolved_at = now()
         WHERE submission_id = $1 AND unit_id = ANY($2::uuid[]) AND outcome IS NULL RETURNING unit_id`,
        [id, requeue],
      );
      if (moved.length === 0) return null;
      const [child] = await createSubmissions(tx, [
        {
          deviceModelId: sub.device_model_id,
          kind: sub.kind,
          reason: sub.reason,
          unitIds: moved.map((m) => m.unit_id),
          parentId: id,
        },
      ]);
      return child;
    });
  }

  async recordFailure(
    id: string,
    message: string,
    maxInARow: number,
  ): Promise<{ failed: boolean; failuresInARow: number }> {
    const [row] = await returning<{ state: string; failures_in_a_row: number }>(
      this.db,
      `UPDATE registry_submissions SET attempts = attempts + 1, failures_in_a_row = failures_in_a_row + 1, last_error = $2,
         state = CASE WHEN failures_in_a_row + 1 >= $3 AND ${LIVE} THEN 'FAILED' ELSE state END, updated_at = now()
       WHERE id = $1 RETURNING state, failures_in_a_row`,
      [id, message.slice(0, 2000), maxInARow],
    );
    return { failed: row?.state === 'FAILED', failuresInARow: row?.failures_in_a_row ?? 0 };
  }

  async fail(id: string, message: string): Promise<void> {
    await this.db.query(
      `UPDATE registry_submissions SET state = 'FAILED', attempts = attempts + 1, last_error = $2, updated_at = now()
       WHERE id = $1 AND ${LIVE}`,
      [id, message.slice(0, 2000)],
    );
  }

  async knownRegIds(regIds: number[], exceptId: string): Promise<Set<number>> {
    if (regIds.length === 0) return new Set();
    const rows = await this.db.query<{ reg_id: string }[]>(
      `SELECT reg_id FROM registry_submissions WHERE reg_id = ANY($1::bigint[]) AND kind = 'REGISTER' AND id <> $2`,
      [regIds, exceptId],
    );
    return new Set(rows.map((r) => Number(r.reg_id)));
  }

  private async rejectUnits(tx: EntityManager, id: string, verdicts: UnitVerdict[]): Promise<void> {
    if (verdicts.length === 0) return;
    const rows = await returning<{ unit_id: string; reason: string }>(
      tx,
      `UPDATE registry_submission_units su SET outcome = 'REJECTED', reason = v.reason, resolved_at = now()
       FROM unnest($2::uuid[], $3::text[]) AS v(unit_id, reason)
       WHERE su.submission_id = $1 AND su.unit_id = v.unit_id AND su.outcome IS NULL RETURNING su.unit_id, su.reason`,
      [id, verdicts.map((v) => v.unitId), verdicts.map((v) => v.reason)],
    );
    await tx.query(
      `UPDATE units u SET registry_status = 'REJECTED', registry_reason = v.reason, updated_at = now()
       FROM unnest($1::uuid[], $2::text[]) AS v(unit_id, reason) WHERE u.id = v.unit_id`,
      [rows.map((r) => r.unit_id), rows.map((r) => r.reason)],
    );
    await recordUnitEvents(
      tx,
      REGISTRY_ACTOR,
      rows.map((r) => ({
        ...this.event(r.unit_id, 'REJECTED', id, null),
        details: { registryStatus: 'REJECTED', submissionId: id, reason: r.reason },
      })),
    );
  }

  /** The units leave the submission with their registry status kept and the reason noted. */
  private async releaseUnits(
    tx: EntityManager,
    id: string,
    verdicts: UnitVerdict[],
  ): Promise<void> {
    if (verdicts.length === 0) return;
    const rows = await returning<{ unit_id: string; reason: string }>(
      tx,
      `UPDATE registry_submission_units su SET outcome = 'RELEASED', reason = v.reason, resolved_at = now()
       FROM unnest($2::uuid[], $3::text[]) AS v(unit_id, reason)
       WHERE su.submission_id = $1 AND su.unit_id = v.unit_id AND su.outcome IS NULL RETURNING su.unit_id, su.reason`,
      [id, verdicts.map((v) => v.unitId), verdicts.map((v) => v.reason)],
    );
    const units = await returning<{ id: string; registry_status: string }>(
      tx,
      `UPDATE units u SET registry_reason = v.reason, updated_at = now()
       FROM unnest($1::uuid[], $2::text[]) AS v(unit_id, reason) WHERE u.id = v.unit_id RETURNING u.id, u.registry_status`,
      [rows.map((r) => r.unit_id), rows.map((r) => r.reason)],
    );
    const statusOf = new Map(units.map((u) => [u.id, u.registry_status]));
    await recordUnitEvents(
      tx,
      REGISTRY_ACTOR,
      rows.map((r) => ({
        unitId: r.unit_id,
        type: 'REGISTRY_DEREGISTRATION_REFUSED',
        fromStatus: null,
        toStatus: null,
        details: {
          registryStatus: statusOf.get(r.unit_id) ?? null,
          submissionId: id,
          reason: r.reason,
        },
      })),
    );
  }

  private event(
    unitId: string,
    registryStatus: string,
    submissionId: string,
    trackingId: string | null,
  ): UnitEvent {
    return {
      unitId,
      type: `REGISTRY_${registryStatus}`,
      fromStatus: null,
      toStatus: null,
      details: { registryStatus, submissionId, trackingId },
    };
  }
}

export interface NewSubmission {
  deviceModelId: string;
  kind: SubmissionKind;
  unitIds: string[];
  parentId?: string | null;
  /** DEREGISTER: the reason sent to DRS. */
  reason?: string | null;
}

/**
 * Records submissions and their units inside the caller's transaction. A unit already in
 * a live submission is skipped (partial unique index), so a submission never doubles a
 * unit; a submission left with no unit is recorded CANCELLED. Returns the ids to enqueue.
 */
export async function createSubmissions(
  tx: EntityManager,
  subs: NewSubmission[],
): Promise<string[]> {
  if (subs.length === 0) return [];
  const ids = subs.map(() => randomUUID());
  await tx.query(
    `INSERT INTO registry_submissions (id, device_model_id, kind, state, file_name, device_count, parent_id, reason)
     SELECT s.id, s.model, s.kind, 'QUEUED', s.file, s.n, s.parent, s.reason
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::uuid[], $7::text[])
       AS s(id, model, kind, file, n, parent, reason)`,
    [
      ids,
      subs.map((s) => s.deviceModelId),
      subs.map((s) => s.kind),
      ids.map((id, i) => submissionFileName(id, subs[i].kind)),
      subs.map((s) => s.unitIds.length),
      subs.map((s) => s.parentId ?? null),
      subs.map((s) => s.reason ?? null),
    ],
  );
  const pairs = subs.flatMap((s, i) => s.unitIds.map((u) => [ids[i], u] as const));
  const inserted = await tx.query<{ submission_id: string; unit_id: string }[]>(
    `INSERT INTO registry_submission_units (submission_id, unit_id)
     SELECT * FROM unnest($1::uuid[], $2::uuid[])
     ON CONFLICT (unit_id) WHERE outcome IS NULL DO NOTHING RETURNING submission_id, unit_id`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  if (inserted.length !== pairs.length) {
    await tx.query(
      `UPDATE registry_submissions s SET device_count = (SELECT count(*) FROM registry_submission_units su WHERE su.submission_id = s.id)
       WHERE s.id = ANY($1::uuid[])`,
      [ids],
    );
    await tx.query(
      `UPDATE registry_submissions SET state = 'CANCELLED', resolved_at = now(), last_error = 'no unit left to send'
       WHERE id = ANY($1::uuid[]) AND device_count = 0`,
      [ids],
    );
  }
  const used = new Set(inserted.map((r) => r.submission_id));
  return ids.filter((id) => used.has(id));
}
