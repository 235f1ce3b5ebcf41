import { EntityManager } from 'typeorm';
import { Actor } from '@lt/auth';
import { RegistryStatus, UnitRow, UnitStatus } from '@lt/production';
import { DefectCodeStages, QcDecision, UnitQcState } from './qc-rules';

/**
 * The SQL of QC results, set-based so that one result and a batch of a thousand cost about
 * the same number of round trips: every statement takes arrays or a JSON recordset.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IMEI = /^\d{15}$/;
/** Ids compare case-blind; serials exactly. */
const refKey = (ref: string) => (UUID.test(ref) ? ref.toLowerCase() : ref);

/** One accepted result, ready to be written. */
export interface QcResultRow {
  id: string;
  actor: Actor;
  unit: UnitQcState;
  decision: QcDecision;
  station: string | null;
  measurements: Record<string, unknown> | null;
  testedAt: Date;
}

interface LockedUnitRow {
  id: string;
  serial_number: string;
  line_id: string;
  device_model_id: string;
  status: UnitStatus;
  route_position: number;
  next_stage: string | null;
  registry_status: RegistryStatus;
  passed_at: Date | null;
  route: string[];
}

function toState(
  row: Omit<LockedUnitRow, 'route'>,
  route: string[],
  attempts: Map<string, number>,
): UnitQcState {
  return {
    id: row.id,
    serialNumber: row.serial_number,
    lineId: row.line_id,
    deviceModelId: row.device_model_id,
    status: row.status,
    routePosition: row.route_position,
    nextStage: row.next_stage,
    registryStatus: row.registry_status,
    passedAt: row.passed_at,
    route,
    attempts,
  };
}

/** The QC state of a unit already locked by `lockUnit`: its route and its attempts per stage. */
export async function loadUnitQcState(tx: EntityManager, unit: UnitRow): Promise<UnitQcState> {
  const [row] = await tx.query<{ route: string[]; attempts: Record<string, number> }[]>(
    `SELECT m.route,
            (SELECT coalesce(jsonb_object_agg(a.stage, a.n), '{}') FROM
               (SELECT stage, max(attempt) AS n FROM qc_results WHERE unit_id = $1 GROUP BY stage) a) AS attempts
     FROM device_models m WHERE m.id = $2`,
    [unit.id, unit.device_model_id],
  );
  return toState(unit, row?.route ?? [], new Map(Object.entries(row?.attempts ?? {})));
}

/**
 * Resolves refs (id, serial or IMEI) to units and locks them in id order, so two batches
 * touching the same units lock them in the same order and cannot deadlock. Refs that name no
 * unit are missing from the answer.
 */
export async function lockUnitsByRefs(
  tx: EntityManager,
  refs: string[],
): Promise<Map<string, UnitQcState>> {
  const distinct = [...new Set(refs)];
  const uuids = distinct.filter((r) => UUID.test(r));
  const imeis = distinct.filter((r) => IMEI.test(r));
  const serials = distinct.filter((r) => !UUID.test(r));
  const resolved = await tx.query<{ id: string; ref: string }[]>(
    `SELECT u.id, u.serial_number AS ref FROM units u WHERE u.serial_number = ANY($1::text[])
     UNION ALL SELECT u.id, u.id::text FROM units u WHERE u.id = ANY($2::uuid[])
     UNION ALL SELECT i.unit_id, i.imei::text FROM imeis i WHERE i.imei = ANY($3::bpchar[]) AND i.unit_id IS NOT NULL`,
    [serials, uuids, imeis],
  );
  const idByRef = new Map<string, string>();
  // A serial wins over an IMEI that happens to read the same, as in `unitRefCondition`.
  for (const { id, ref } of resolved.reverse()) idByRef.set(refKey(ref), id);
  const ids = [...new Set(idByRef.values())];
  if (ids.length === 0) return new Map();

  const rows = await tx.query<LockedUnitRow[]>(
    `SELECT u.id, u.serial_number, u.line_id, u.device_model_id, u.status, u.route_position, u.next_stage,
            u.registry_status, u.passed_at, m.route
     FROM units u JOIN device_models m ON m.id = u.device_model_id
     WHERE u.id = ANY($1::uuid[]) ORDER BY u.id FOR UPDATE OF u`,
    [ids],
  );
  const attemptRows = await tx.query<{ unit_id: string; stage: string; n: number }[]>(
    'SELECT unit_id, stage, max(attempt)::int AS n FROM qc_results WHERE unit_id = ANY($1::uuid[]) GROUP BY unit_id, stage',
    [ids],
  );

  const states = new Map<string, UnitQcState>();
  for (const row of rows) states.set(row.id, toState(row, row.route, new Map()));
  for (const a of attemptRows) states.get(a.unit_id)?.attempts.set(a.stage, a.n);
  const byRef = new Map<string, UnitQcState>();
  for (const ref of distinct) {
    const state = states.get(idByRef.get(refKey(ref)) ?? '');
    if (state) byRef.set(ref, state);
  }
  return byRef;
}

export async function loadDefectCodeStages(
  tx: EntityManager,
  codes: string[],
): Promise<DefectCodeStages> {
  if (codes.length === 0) return new Map();
  const rows = await tx.query<{ code: string; stage: string | null }[]>(
    'SELECT code, stage FROM defect_codes WHERE code = ANY($1::text[])',
    [[...new Set(codes)]],
  );
  return new Map(rows.map((r) => [r.code, r.stage]));
}

/**
 * Writes accepted results in one statement: the result rows, each unit's final state, and an
 * outbox row for every unit that passed its last stage. `units` holds each unit once, in the
 * state the last of its results left it.
 */
export async function writeQcResults(
  tx: EntityManager,
  rows: QcResultRow[],
  units: UnitQcState[],
  recordedAt: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const results = rows.map((r) => ({
    id: r.id,
    unit_id: r.unit.id,
    stage: r.decision.stage,
    result: r.decision.result,
    attempt: r.decision.attempt,
    defect_codes: r.decision.defectCodes,
    station: r.station,
    measurements: r.measurements,
    tested_at: r.testedAt.toISOString(),
    line_id: r.unit.lineId,
    device_model_id: r.unit.deviceModelId,
    actor: r.actor.name,
    user_id: r.actor.userId,
    station_key_id: r.actor.stationKeyId,
  }));
  const unitStates = units.map((u) => ({
    id: u.id,
    status: u.status,
    route_position: u.routePosition,
    next_stage: u.nextStage,
    registry_status: u.registryStatus,
    passed_at: u.passedAt?.toISOString() ?? null,
  }));
  const passed = rows.filter((r) => r.decision.completesRoute).map((r) => r.unit.id);
  await tx.query(
    `WITH results AS (
       INSERT INTO qc_results (id, unit_id, stage, result, attempt, defect_codes, station, measurements, tested_at,
                               recorded_at, line_id, device_model_id, actor, user_id, station_key_id)
       SELECT r.id, r.unit_id, r.stage, r.result, r.attempt, r.defect_codes, r.station, r.measurements, r.tested_at,
              $4, r.line_id, r.device_model_id, r.actor, r.user_id, r.station_key_id
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, unit_id uuid, stage text, result text, attempt int,
            defect_codes text[], station text, measurements jsonb, tested_at timestamptz, line_id uuid, device_model_id uuid,
            actor text, user_id uuid, station_key_id uuid)
       RETURNING 1
     ), moved AS (
       UPDATE units u SET status = s.status, route_position = s.route_position, next_stage = s.next_stage,
                          registry_status = s.registry_status, passed_at = s.passed_at, updated_at = $4
       FROM jsonb_to_recordset($2::jsonb) AS s(id uuid, status text, route_position int, next_stage text,
            registry_status text, passed_at timestamptz)
       WHERE u.id = s.id AND u.id = ANY($5::uuid[]) -- so the planner reads units by id, not by a scan
       RETURNING 1
     ), due AS (
       INSERT INTO registry_outbox (unit_id, kind, created_at) SELECT unnest($3::uuid[]), 'REGISTER', $4 RETURNING 1
     )
     SELECT (SELECT count(*) FROM results) AS results, (SELECT count(*) FROM moved) AS moved, (SELECT count(*) FROM due) AS due`,
    [
      JSON.stringify(results),
      JSON.stringify(unitStates),
      passed,
      recordedAt.toISOString(),
      units.map((u) => u.id),
    ],
  );
}
