import { EntityManager } from 'typeorm';
import { Actor } from '@lt/auth';
import { preparedQuery } from '@lt/database';
import { isUnitIdRef, mayBeImeiRef, RegistryStatus, UnitStatus } from '@lt/production';
import { QcResultDto, UnitQcStateDto } from './dto/qc-result.dto';
import { DefectCodeStages, QcDecision, UnitQcState } from './qc-rules';

/**
 * The SQL of QC results, set-based so that one result and a batch of a thousand cost about
 * the same number of round trips: every statement takes arrays or a JSON recordset.
 */

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
  stage_attempts: number;
  registry_status: RegistryStatus;
  passed_at: Date | null;
  route: string[];
  /** The IMEIs asked for that are this unit's; null when no ref was an IMEI. */
  imeis: string[] | null;
}

function toState(row: LockedUnitRow): UnitQcState {
  return {
    id: row.id,
    serialNumber: row.serial_number,
    lineId: row.line_id,
    deviceModelId: row.device_model_id,
    status: row.status,
    routePosition: row.route_position,
    nextStage: row.next_stage,
    stageAttempts: row.stage_attempts,
    registryStatus: row.registry_status,
    passedAt: row.passed_at,
    route: row.route,
  };
}

/**
 * Resolves refs (id, serial or IMEI) to units and locks them in id order, in one statement,
 * so two batches touching the same units lock them in the same order and cannot deadlock.
 * Refs that name no unit are missing from the answer.
 */
export async function lockUnitsByRefs(
  tx: EntityManager,
  refs: string[],
): Promise<Map<string, UnitQcState>> {
  const distinct = [...new Set(refs)];
  if (distinct.length === 0) return new Map();
  const uuids = distinct.filter(isUnitIdRef);
  const imeis = distinct.filter(mayBeImeiRef);
  const serials = distinct.filter((r) => !isUnitIdRef(r));
  const rows = await preparedQuery<LockedUnitRow[]>(
    tx,
    'qc-lock-units',
    `SELECT u.id, u.serial_number, u.line_id, u.device_model_id, u.status, u.route_position, u.next_stage,
            u.stage_attempts, u.registry_status, u.passed_at, m.route,
            CASE WHEN cardinality($3::bpchar[]) > 0 THEN
              (SELECT array_agg(i.imei::text) FROM imeis i WHERE i.unit_id = u.id AND i.imei = ANY($3::bpchar[]))
            END AS imeis
     FROM units u JOIN device_models m ON m.id = u.device_model_id
     WHERE u.serial_number = ANY($1::text[]) OR u.id = ANY($2::uuid[])
        -- ANY(ARRAY(...)), not IN (...): an IN subquery under OR makes the planner scan all units.
        OR u.id = ANY(ARRAY(SELECT i.unit_id FROM imeis i WHERE i.imei = ANY($3::bpchar[]) AND i.unit_id IS NOT NULL))
     ORDER BY u.id FOR UPDATE OF u`,
    [serials, uuids, imeis],
  );

  // One state per unit, whatever refs name it: a batch moves it on item by item.
  const byId = new Map<string, UnitQcState>();
  const bySerial = new Map<string, UnitQcState>();
  const byImei = new Map<string, UnitQcState>();
  for (const row of rows) {
    const state = toState(row);
    byId.set(row.id, state);
    bySerial.set(row.serial_number, state);
    for (const imei of row.imeis ?? []) byImei.set(imei, state);
  }
  const byRef = new Map<string, UnitQcState>();
  for (const ref of distinct) {
    // A serial wins over an IMEI that happens to read the same, as in `unitRefCondition`.
    const state = isUnitIdRef(ref)
      ? byId.get(ref.toLowerCase())
      : (bySerial.get(ref) ?? byImei.get(ref));
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
 * outbox row for every unit that passed its last stage for the first time (`due`). A result
 * row is also its event in the unit's history (`unit_history`): it keeps the unit's status
 * before and after, and takes its id from the events' sequence in the results' order.
 * `units` holds each unit once, in the state the last of its results left it.
 */
export async function writeQcResults(
  tx: EntityManager,
  rows: QcResultRow[],
  units: UnitQcState[],
  recordedAt: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const results = rows.map((r, n) => ({
    n,
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
    from_status: r.decision.fromStatus,
    to_status: r.decision.toStatus,
    due: r.decision.dueForRegistry,
  }));
  const unitStates = units.map((u) => ({
    id: u.id,
    status: u.status,
    route_position: u.routePosition,
    next_stage: u.nextStage,
    stage_attempts: u.stageAttempts,
    registry_status: u.registryStatus,
    passed_at: u.passedAt?.toISOString() ?? null,
  }));
  await preparedQuery(
    tx,
    'qc-write-results',
    `WITH r AS MATERIALIZED (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(n int, id uuid, unit_id uuid, stage text, result text,
            attempt int, defect_codes text[], station text, measurements jsonb, tested_at text, line_id uuid,
            device_model_id uuid, actor text, user_id uuid, station_key_id uuid, from_status text, to_status text,
            due boolean)
     ), results AS (
       -- In the results' order, so a unit's history reads as its results came.
       INSERT INTO qc_results (id, unit_id, stage, result, attempt, defect_codes, station, measurements, tested_at,
                               recorded_at, line_id, device_model_id, actor, user_id, station_key_id, from_status,
                               to_status, registry_due)
       SELECT r.id, r.unit_id, r.stage, r.result, r.attempt, r.defect_codes, r.station, r.measurements,
              r.tested_at::timestamptz, $3, r.line_id, r.device_model_id, r.actor, r.user_id, r.station_key_id,
              r.from_status, r.to_status, r.due
       FROM r ORDER BY r.n
       RETURNING 1
     ), moved AS (
       UPDATE units u SET status = s.status, route_position = s.route_position, next_stage = s.next_stage,
                          stage_attempts = s.stage_attempts, registry_status = s.registry_status,
                          passed_at = s.passed_at, updated_at = $3
       FROM jsonb_to_recordset($2::jsonb) AS s(id uuid, status text, route_position int, next_stage text,
            stage_attempts int, registry_status text, passed_at timestamptz)
       WHERE u.id = s.id AND u.id = ANY($4::uuid[]) -- so the planner reads units by id, not by a scan
       RETURNING 1
     ), due AS (
       INSERT INTO registry_outbox (unit_id, kind, created_at)
       SELECT r.unit_id, 'REGISTER', $3 FROM r WHERE r.due ORDER BY r.n
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM results) AS results, (SELECT count(*) FROM moved) AS moved,
            (SELECT count(*) FROM due) AS due`,
    [
      JSON.stringify(results),
      JSON.stringify(unitStates),
      recordedAt.toISOString(),
      units.map((u) => u.id),
    ],
  );
}

/**
 * What a QC result's idempotency key keeps as its answer: the result's id and the unit as
 * the result left it. The rest of the answer is the result's row (`loadQcAnswers`), so a
 * key's answer takes less than half the bytes the whole answer did.
 */
export interface StoredQcAnswer {
  resultId: string;
  unit: UnitQcStateDto;
}

/** What a key may hold: a short answer, or a whole one stored before answers were kept short. */
export type KeptQcAnswer = StoredQcAnswer | QcResultDto;

export function storedQcAnswer(answer: QcResultDto): StoredQcAnswer {
  return { resultId: answer.id, unit: answer.unit };
}

export function storedResultId(stored: KeptQcAnswer): string {
  return 'resultId' in stored ? stored.resultId : stored.id;
}

/**
 * The answers of results already recorded, by result id, as they were first given. Keys
 * stored before answers were kept short hold the whole answer, and give it as it is.
 */
export async function loadQcAnswers(
  tx: EntityManager,
  stored: KeptQcAnswer[],
): Promise<Map<string, QcResultDto>> {
  const answers = new Map<string, QcResultDto>();
  const short = new Map<string, StoredQcAnswer>();
  for (const s of stored) {
    if ('resultId' in s) short.set(s.resultId, s);
    else answers.set(s.id, s);
  }
  if (short.size === 0) return answers;
  const rows = await tx.query<
    {
      id: string;
      stage: string;
      result: 'PASS' | 'FAIL';
      attempt: number;
      defect_codes: string[];
      station: string | null;
      measurements: Record<string, unknown> | null;
      tested_at: Date;
      recorded_at: Date;
      actor: string;
    }[]
  >(
    `SELECT id, stage, result, attempt, defect_codes, station, measurements, tested_at, recorded_at, actor
     FROM qc_results WHERE id = ANY($1::uuid[])`,
    [[...short.keys()]],
  );
  for (const r of rows) {
    const { unit } = short.get(r.id)!;
    answers.set(
      r.id,
      qcResultDto(
        {
          id: r.id,
          stage: r.stage,
          result: r.result,
          attempt: r.attempt,
          defectCodes: r.defect_codes,
          station: r.station,
          measurements: r.measurements,
          testedAt: r.tested_at,
          recordedAt: r.recorded_at,
          recordedBy: r.actor,
        },
        unit,
      ),
    );
  }
  return answers;
}

/** A result's answer: its row, and the unit as the result left it (`unit`, a snapshot). */
export function qcResultDto(
  result: {
    id: string;
    stage: string;
    result: 'PASS' | 'FAIL';
    attempt: number;
    defectCodes: string[];
    station: string | null;
    measurements: Record<string, unknown> | null;
    testedAt: Date;
    recordedAt: Date;
    recordedBy: string;
  },
  unit: UnitQcStateDto,
): QcResultDto {
  return {
    id: result.id,
    unitId: unit.id,
    serialNumber: unit.serialNumber,
    stage: result.stage,
    result: result.result,
    attempt: result.attempt,
    firstAtStage: result.attempt === 1,
    defectCodes: result.defectCodes,
    station: result.station,
    measurements: result.measurements,
    testedAt: result.testedAt.toISOString(),
    recordedAt: result.recordedAt.toISOString(),
    recordedBy: result.recordedBy,
    unit,
  };
}
