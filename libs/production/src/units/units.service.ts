import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '@lt/auth';
import { AppConfig } from '@lt/config';
import { preparedQuery } from '@lt/database';
import {
  Clock,
  ConflictError,
  DomainError,
  GroupRunner,
  ShortLivedCache,
  NotFoundError,
  Page,
  pageOf,
  requestHash,
  UnknownReferenceError,
} from '@lt/core';
import { UnitDetailDto, UnitDto, UnitEventDto, UnitListItemDto, UnitQuery } from './dto/unit.dto';
import { localDay, SerialPattern } from './serial-pattern';
import { unitRefCondition } from './unit-ref';
import {
  DailySequenceExhaustedError,
  PoolExhaustedError,
  SerialPatternMissingError,
  TypeApprovalMissingError,
  WorkOrderChangedError,
  WorkOrderClosedError,
  WorkOrderQuantityReachedError,
} from './unit-errors';

interface WorkOrderContext {
  id: string;
  number: string;
  status: string;
  quantity: number;
  issued_count: number;
  line_id: string;
  line_code: string;
  plant_id: string;
  plant_code: string;
  timezone: string;
  serial_pattern: string | null;
  device_model_id: string;
  model: string;
  imeis_per_device: number;
  type_approval_number: string | null;
  first_stage: string | null;
}

export interface RecordedUnits {
  replayed: boolean;
  units: UnitDto[];
}

interface IssuePlan {
  wo: WorkOrderContext;
  at: Date;
  day: string;
  prefix: string;
  suffix: string;
  width: number;
  maxSequence: number;
}

interface SingleUnitRequest {
  actor: Actor;
  key: string;
}

type UnitOutcome = { ok: true; value: RecordedUnits } | { ok: false; error: unknown };

async function settle(work: () => Promise<RecordedUnits>): Promise<UnitOutcome> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * The refusals a work order's cached context already shows (counts and status are checked
 * again under the row lock), and its serial pattern.
 */
function refuseEarly(wo: WorkOrderContext, count: number): SerialPattern {
  if (!wo.serial_pattern) throw new SerialPatternMissingError(wo.plant_code);
  if (!wo.type_approval_number) throw new TypeApprovalMissingError(wo.model);
  if (wo.status !== 'OPEN') throw new WorkOrderClosedError(wo.number);
  if (wo.issued_count + count > wo.quantity)
    throw new WorkOrderQuantityReachedError(wo.number, wo.issued_count, wo.quantity, count);
  return SerialPattern.parse(wo.serial_pattern, 'serialPattern');
}

/**
 * The arguments `record_units` and `record_units_keyed` share, in their order: the line and
 * day, the serial number's parts, the model, plant and first stage, the time, IMEIs per
 * unit and the last sequence the pattern allows.
 */
function issueArgs(plan: IssuePlan): unknown[] {
  const { wo } = plan;
  return [
    wo.line_id,
    plan.day,
    plan.prefix,
    plan.width,
    plan.suffix,
    wo.device_model_id,
    wo.plant_id,
    wo.first_stage,
    plan.at,
    wo.imeis_per_device,
    plan.maxSequence,
  ];
}

/** The unit as `issue_units` has just written it. */
function issuedUnit(
  plan: IssuePlan,
  row: { unit_id: string; serial_number: string; imeis: string[] },
): UnitDto {
  return {
    id: row.unit_id,
    serialNumber: row.serial_number,
    imeis: row.imeis,
    deviceModelId: plan.wo.device_model_id,
    workOrderId: plan.wo.id,
    lineId: plan.wo.line_id,
    status: 'ASSEMBLED',
    nextStage: plan.wo.first_stage,
    registryStatus: 'NOT_DUE',
    registryReason: null,
    assembledAt: plan.at,
  };
}

const UNIT_COLUMNS = `u.id, u.serial_number, u.device_model_id, u.work_order_id, u.line_id, u.status, u.next_stage,
  u.registry_status, u.registry_reason, u.assembled_at,
  array(SELECT i.imei::text FROM imeis i WHERE i.unit_id = u.id ORDER BY i.slot) AS imeis`;

/** A row of `unit_history e` as a `UnitEventDto`: the unit's history, and a list's last event. */
const EVENT_COLUMNS = `e.at, e.type, e.from_status AS "fromStatus", e.to_status AS "toStatus", e.stage, e.actor, e.details`;

interface UnitListRow {
  id: string;
  serial_number: string;
  device_model_id: string;
  work_order_id: string;
  line_id: string;
  status: UnitDto['status'];
  next_stage: string | null;
  registry_status: UnitDto['registryStatus'];
  registry_reason: string | null;
  assembled_at: Date;
  imeis: string[];
}

function toUnitDto(row: UnitListRow): UnitDto {
  return {
    id: row.id,
    serialNumber: row.serial_number,
    imeis: row.imeis,
    deviceModelId: row.device_model_id,
    workOrderId: row.work_order_id,
    lineId: row.line_id,
    status: row.status,
    nextStage: row.next_stage,
    registryStatus: row.registry_status,
    registryReason: row.registry_reason,
    assembledAt: row.assembled_at,
  };
}

/**
 * Records units off the line and gives each its serial number and IMEIs.
 *
 * One transaction per request: the idempotency key, the IMEI claim (`SKIP LOCKED`, so
 * parallel requests take different rows), then one statement that counts the work order,
 * advances the line's daily serial counter and inserts units, IMEI assignments and events.
 * The two counter rows are the only shared locks and are taken last, so they are held for
 * one statement and the commit.
 */
@Injectable()
export class UnitsService {
  /**
   * What a work order's units are made from (line, plant, pattern, model) changes rarely;
   * a scanner records a unit every few seconds. Kept for two seconds per process: the
   * counts and the OPEN status are checked again inside `record_units`, under the work
   * order's row lock, and a refusal the cache shows is read again first (`openContext`).
   */
  private readonly contexts = new ShortLivedCache<WorkOrderContext>(2000);

  /** One group at a time per work order: its counter row would serialise two anyway. */
  private readonly singles = new GroupRunner<SingleUnitRequest, UnitOutcome>(
    (workOrderId, requests) => this.recordGroup(workOrderId, requests),
    { maxGroup: 200, concurrencyPerLane: 1 },
  );

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Records `count` units under one idempotency key. Single units (a scanner's request) go
   * through `singles`, which writes the requests of one work order that arrive together
   * in one transaction; each still gets its own answer or refusal.
   */
  async record(
    actor: Actor,
    workOrderId: string,
    count: number,
    idempotencyKey: string,
  ): Promise<RecordedUnits> {
    if (count !== 1) return this.recordAlone(actor, workOrderId, count, idempotencyKey);
    // Refuse what the work order already refuses before joining a group.
    await this.openContext(workOrderId, 1);
    const outcome = await this.singles.submit(workOrderId, { actor, key: idempotencyKey });
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  private async recordAlone(
    actor: Actor,
    workOrderId: string,
    count: number,
    idempotencyKey: string,
  ): Promise<RecordedUnits> {
    const plan = await this.issuePlan(workOrderId, count);
    const { wo } = plan;
    let rows: { unit_id: string; serial_number: string; imeis: string[]; replayed: boolean }[];
    try {
      rows = await preparedQuery<typeof rows>(
        this.db,
        'record-units',
        'SELECT unit_id, serial_number, imeis, replayed FROM record_units($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)',
        [
          idempotencyKey,
          requestHash({ workOrderId, count }),
          wo.id,
          count,
          ...issueArgs(plan),
          actor.name,
          actor.userId,
          actor.stationKeyId,
          wo.number,
        ],
      );
    } catch (error) {
      throw await this.translate(error, wo, count, plan.maxSequence);
    }
    const replayed = rows.length > 0 && rows[0].replayed;
    if (replayed) return { replayed, units: await this.byIds(rows.map((r) => r.unit_id)) };
    return { replayed, units: rows.map((r) => issuedUnit(plan, r)) };
  }

  /**
   * One unit for each request of a group (same work order), in one statement. Keys seen
   * before, a key twice in the group, and any refusal of the group as a whole (pool, work
   * order or serial sequence running out part-way) go one by one through `recordAlone`,
   * so each request gets exactly the answer it would have got alone.
   */
  private async recordGroup(
    workOrderId: string,
    requests: SingleUnitRequest[],
  ): Promise<UnitOutcome[]> {
    const alone = (r: SingleUnitRequest) =>
      settle(() => this.recordAlone(r.actor, workOrderId, 1, r.key));
    if (requests.length === 1) return [await alone(requests[0])];
    const seen = new Set<string>();
    const firsts = requests.filter((r) => !seen.has(r.key) && seen.add(r.key));
    let byKey: Map<string, UnitDto>;
    try {
      const plan = await this.issuePlan(workOrderId, firsts.length);
      const { wo } = plan;
      const hash = requestHash({ workOrderId, count: 1 });
      const rows = await preparedQuery<
        { idempotency_key: string; unit_id: string; serial_number: string; imeis: string[] }[]
      >(
        this.db,
        'record-units-keyed',
        'SELECT idempotency_key, unit_id, serial_number, imeis FROM record_units_keyed($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)',
        [
          firsts.map((r) => r.key),
          firsts.map(() => hash),
          firsts.map((r) => r.actor.name),
          firsts.map((r) => r.actor.userId),
          firsts.map((r) => r.actor.stationKeyId),
          wo.id,
          ...issueArgs(plan),
          wo.number,
        ],
      );
      byKey = new Map(rows.map((r) => [r.idempotency_key, issuedUnit(plan, r)]));
    } catch {
      byKey = new Map();
    }
    const outcomes: UnitOutcome[] = [];
    for (const request of requests) {
      const unit = byKey.get(request.key);
      if (unit) {
        byKey.delete(request.key); // a second request with this key replays it
        outcomes.push({ ok: true, value: { replayed: false, units: [unit] } });
      } else {
        outcomes.push(await alone(request));
      }
    }
    return outcomes;
  }

  /**
   * The work order's context (cached), the refusals it already shows, and the serial
   * number's parts for now.
   */
  private async issuePlan(workOrderId: string, count: number): Promise<IssuePlan> {
    const { wo, pattern } = await this.openContext(workOrderId, count);
    const at = this.clock.now();
    const day = localDay(at, wo.timezone);
    const { prefix, suffix, width } = pattern.renderAround({
      plantCode: wo.plant_code,
      lineCode: wo.line_code,
      ...day,
    });
    return { wo, at, day: day.iso, prefix, suffix, width, maxSequence: pattern.maxSequence };
  }

  /** The refusals `record_units` raises, as domain errors with the facts the user needs. */
  private async translate(
    error: unknown,
    wo: WorkOrderContext,
    count: number,
    maxSequence: number,
  ): Promise<unknown> {
    const pg = (error as { driverError?: { code?: string; detail?: string } }).driverError;
    switch (pg?.code) {
      case 'LTPOL':
        return new PoolExhaustedError(wo.model, Number(pg.detail), count * wo.imeis_per_device);
      case 'LTSEQ':
        return new DailySequenceExhaustedError(wo.line_code, maxSequence);
      case 'LT409':
        return new ConflictError(
          'idempotency-key-reused',
          'This Idempotency-Key was already used for a different request.',
        );
      case 'LTWOR': {
        const now = await this.workOrderContext(wo.id);
        if (now.device_model_id !== wo.device_model_id || now.line_id !== wo.line_id) {
          this.contexts.clear();
          return new WorkOrderChangedError(now.number);
        }
        return now.status !== 'OPEN'
          ? new WorkOrderClosedError(now.number)
          : new WorkOrderQuantityReachedError(now.number, now.issued_count, now.quantity, count);
      }
      default:
        return error;
    }
  }

  async get(ref: string): Promise<UnitDetailDto> {
    const rows = await this.db.query<
      (UnitListRow & {
        route: string[];
        brand: string;
        model_name: string;
        work_order_number: string;
        line_code: string;
        plant_code: string;
      })[]
    >(
      `SELECT ${UNIT_COLUMNS}, m.route, m.brand, m.name AS model_name, wo.number AS work_order_number,
              l.code AS line_code, p.code AS plant_code
       FROM units u JOIN device_models m ON m.id = u.device_model_id JOIN work_orders wo ON wo.id = u.work_order_id
       JOIN lines l ON l.id = u.line_id JOIN plants p ON p.id = u.plant_id
       WHERE ${unitRefCondition(ref)}`,
      [ref],
    );
    if (rows.length === 0) throw new NotFoundError('Unit', ref);
    const row = rows[0];
    const history = await this.db.query<UnitEventDto[]>(
      `SELECT ${EVENT_COLUMNS} FROM unit_history e WHERE e.unit_id = $1 ORDER BY e.id`,
      [row.id],
    );
    return {
      ...toUnitDto(row),
      route: row.route,
      brand: row.brand,
      modelName: row.model_name,
      workOrderNumber: row.work_order_number,
      lineCode: row.line_code,
      plantCode: row.plant_code,
      history,
    };
  }

  async list(query: UnitQuery): Promise<Page<UnitListItemDto>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (column: string, op: string, value: unknown) => {
      params.push(value);
      where.push(`u.${column} ${op} $${params.length}`);
    };
    if (query.workOrderId) add('work_order_id', '=', query.workOrderId);
    if (query.lineId) add('line_id', '=', query.lineId);
    if (query.deviceModelId) {
      // Through the work orders (indexed by model): a unit's model is its work order's.
      params.push(query.deviceModelId);
      where.push(
        `u.work_order_id IN (SELECT id FROM work_orders WHERE device_model_id = $${params.length})`,
      );
    }
    if (query.status) add('status', '=', query.status);
    if (query.registryStatus) add('registry_status', '=', query.registryStatus);
    if (query.assembledFrom) add('assembled_at', '>=', query.assembledFrom);
    if (query.assembledTo) add('assembled_at', '<', query.assembledTo);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // Counting one past the limit tells a total of exactly the limit from a larger one.
    const countUpTo = query.offset + query.limit + this.config.UNIT_LIST_COUNT_LIMIT;
    const [{ counted }] = await this.db.query<{ counted: number }[]>(
      `SELECT count(*)::int AS counted FROM (SELECT FROM units u ${clause} LIMIT $${params.length + 1}) c`,
      [...params, countUpTo + 1],
    );
    // The page first, then its rows' IMEIs and last event: computed in the outer query, they
    // are read for the page's rows only, not for every row the offset skips.
    const order = 'ORDER BY u.assembled_at DESC, u.serial_number DESC';
    const rows = await this.db.query<(UnitListRow & { last_event: UnitEventDto | null })[]>(
      `SELECT ${UNIT_COLUMNS},
              (SELECT row_to_json(x) FROM (SELECT ${EVENT_COLUMNS} FROM unit_history e WHERE e.unit_id = u.id
                                           ORDER BY e.id DESC LIMIT 1) x) AS last_event
       FROM (SELECT * FROM units u ${clause} ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}) u
       ${order}`,
      [...params, query.limit, query.offset],
    );
    const items = rows.map((row) => ({
      ...toUnitDto(row),
      lastEvent: row.last_event && { ...row.last_event, at: new Date(row.last_event.at) },
    }));
    return pageOf(items, Math.min(counted, countUpTo), query, counted <= countUpTo);
  }

  private async byIds(ids: string[]): Promise<UnitDto[]> {
    const rows = await this.db.query<UnitListRow[]>(
      `SELECT ${UNIT_COLUMNS} FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, ord) JOIN units u ON u.id = x.id ORDER BY x.ord`,
      [ids],
    );
    return rows.map(toUnitDto);
  }

  /**
   * The work order's context (cached) and the refusals it shows. A refusal read from the
   * cache is confirmed by a fresh read: an order just reopened or given more units, or a
   * model just given its type approval, is not refused for the cache's two seconds.
   */
  private async openContext(
    workOrderId: string,
    count: number,
  ): Promise<{ wo: WorkOrderContext; pattern: SerialPattern }> {
    const cached = await this.context(workOrderId);
    try {
      return { wo: cached, pattern: refuseEarly(cached, count) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.contexts.delete(workOrderId);
      const fresh = await this.context(workOrderId);
      return { wo: fresh, pattern: refuseEarly(fresh, count) };
    }
  }

  private context(workOrderId: string): Promise<WorkOrderContext> {
    return this.contexts.get(workOrderId, () => this.workOrderContext(workOrderId));
  }

  private async workOrderContext(workOrderId: string): Promise<WorkOrderContext> {
    const rows = await this.db.query<WorkOrderContext[]>(
      `SELECT wo.id, wo.number, wo.status, wo.quantity, wo.issued_count, wo.line_id, l.code AS line_code,
              p.id AS plant_id, p.code AS plant_code, p.timezone, p.serial_pattern, wo.device_model_id,
              m.brand || ' ' || m.name AS model, m.imeis_per_device, m.type_approval_number, m.route[1] AS first_stage
       FROM work_orders wo JOIN lines l ON l.id = wo.line_id JOIN plants p ON p.id = l.plant_id
       JOIN device_models m ON m.id = wo.device_model_id
       WHERE wo.id = $1`,
      [workOrderId],
    );
    if (rows.length === 0)
      throw new UnknownReferenceError('workOrderId', 'work order', workOrderId);
    return rows[0];
  }
}
