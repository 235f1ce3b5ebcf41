import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AuditService } from '@lt/auth';
import { AppConfig } from '@lt/config';
import {
  ConflictError,
  FieldError,
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
} from '@lt/core';
import { CreateImeiPoolDto, ImeiPoolDto, ImeiPoolsDto } from './dto/imei-pool.dto';
import { isValidImei, luhnCheckDigit } from './luhn';

interface ModelRow {
  id: string;
  brand: string;
  name: string;
  imeis_per_device: number;
  tacs: string[];
}

/**
 * The IMEIs a model may issue. Every IMEI of a pool becomes a row of `imeis` when the pool
 * is created (see the units migration), so overlaps are refused by the unique index and
 * allocation is a row claim.
 */
@Injectable()
export class ImeiPoolsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async create(
    actor: Actor,
    deviceModelId: string,
    input: CreateImeiPoolDto,
  ): Promise<ImeiPoolsDto> {
    await this.db.transaction(async (tx) => {
      const model = await this.lockModel(tx, deviceModelId);
      const poolId =
        input.kind === 'range'
          ? await this.createRange(
              tx,
              actor,
              model,
              input.tac!,
              Number(input.first),
              Number(input.last),
            )
          : await this.createList(tx, actor, model, input.imeis!);
      await this.audit.record(tx, actor, 'imei-pool', poolId, 'CREATE', null, {
        deviceModelId,
        kind: input.kind,
        ...(input.kind === 'range'
          ? { tac: input.tac, first: input.first, last: input.last }
          : { size: input.imeis!.length }),
      });
    });
    return this.list(deviceModelId);
  }

  async list(deviceModelId: string): Promise<ImeiPoolsDto> {
    const model = await this.db.query<
      {
        brand: string;
        name: string;
      }[]
    >('SELECT brand, name FROM device_models WHERE id = $1', [deviceModelId]);
    if (model.length === 0) throw new NotFoundError('Device model', deviceModelId);
    const rows = await this.db.query<
      {
        id: string;
        kind: 'range' | 'list';
        tac: string | null;
        first_serial: number | null;
        last_serial: number | null;
        size: number;
        created_at: Date;
        created_by: string;
        issued: number;
        remaining: number;
      }[]
    >(
      `SELECT p.id, p.kind, p.tac, p.first_serial, p.last_serial, p.size, p.created_at, p.created_by,
              p.size - coalesce(f.free, 0) AS issued, coalesce(f.free, 0) AS remaining
       FROM imei_pools p
       LEFT JOIN (SELECT pool_id, count(*)::int AS free FROM imeis
                  WHERE device_model_id = $1 AND unit_id IS NULL GROUP BY pool_id) f ON f.pool_id = p.id
       WHERE p.device_model_id = $1 ORDER BY p.pool_order`,
      [deviceModelId],
    );
    const serial = (n: number | null) => (n === null ? null : String(n).padStart(6, '0'));
    const pools: ImeiPoolDto[] = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      tac: r.tac,
      first: serial(r.first_serial),
      last: serial(r.last_serial),
      size: r.size,
      issued: r.issued,
      remaining: r.remaining,
      createdAt: r.created_at,
      createdBy: r.created_by,
    }));
    const sum = (key: 'size' | 'issued' | 'remaining') =>
      pools.reduce((total, p) => total + p[key], 0);
    const remaining = sum('remaining');
    const threshold = this.config.IMEI_LOW_STOCK_THRESHOLD;
    return {
      deviceModelId,
      pools,
      size: sum('size'),
      issued: sum('issued'),
      remaining,
      lowStockThreshold: threshold,
      warning:
        remaining < threshold
          ? `Only ${remaining.toLocaleString('en-US')} IMEIs left for ${model[0].brand} ${model[0].name}: add a pool.`
          : null,
    };
  }

  private async lockModel(tx: EntityManager, id: string): Promise<ModelRow> {
    const rows = await tx.query<ModelRow[]>(
      `SELECT m.id, m.brand, m.name, m.imeis_per_device,
              array(SELECT tac FROM device_model_tacs t WHERE t.device_model_id = m.id ORDER BY tac) AS tacs
       FROM device_models m WHERE m.id = $1 FOR UPDATE`,
      [id],
    );
    if (rows.length === 0) throw new NotFoundError('Device model', id);
    return rows[0];
  }

  private async createRange(
    tx: EntityManager,
    actor: Actor,
    model: ModelRow,
    tac: string,
    first: number,
    last: number,
  ): Promise<string> {
    if (!model.tacs.includes(tac)) {
      throw InvalidInputError.field(
        'tac',
        `${tac} is not a TAC of ${model.brand} ${model.name} (${model.tacs.join(', ')})`,
      );
    }
    if (first > last) throw InvalidInputError.field('last', 'must not be below first');
    const size = last - first + 1;
    this.assertPairs(model, size);
    const overlapping = await tx.query<{ id: string; first_serial: number; last_serial: number }[]>(
      `SELECT id, first_serial, last_serial FROM imei_pools
       WHERE kind = 'range' AND tac = $1 AND first_serial <= $3 AND last_serial >= $2 LIMIT 1`,
      [tac, first, last],
    );
    const listed = await tx.query<{ imei: string }[]>(
      'SELECT imei FROM imeis WHERE imei BETWEEN $1 AND $2 LIMIT 1',
      [`${tac}${String(first).padStart(6, '0')}0`, `${tac}${String(last).padStart(6, '0')}9`],
    );
    if (overlapping.length > 0 || listed.length > 0) {
      const what = overlapping.length
        ? `the range ${String(overlapping[0].first_serial).padStart(6, '0')}-${String(overlapping[0].last_serial).padStart(6, '0')} of pool ${overlapping[0].id}`
        : `the listed IMEI ${listed[0].imei}`;
      throw new ConflictError('imei-pool-overlap', `This range overlaps ${what}.`, {
        field: 'first',
      });
    }
    const [pool] = await tx.query<{ id: string; pool_order: string }[]>(
      `INSERT INTO imei_pools (device_model_id, kind, tac, first_serial, last_serial, size, created_by)
       VALUES ($1, 'range', $2, $3, $4, $5, $6) RETURNING id, pool_order`,
      [model.id, tac, first, last, size, actor.name],
    );
    // Luhn in SQL: the TAC's share of the sum is fixed, the six serial digits alternate
    // single (positions 9, 11, 13) and doubled (10, 12, 14); doubling d gives 2d - 9 when d >= 5.
    const tacSum = luhnSumOfTac(tac);
    await tx.query(
      `INSERT INTO imeis (pool_id, device_model_id, pool_order, seq, imei)
       SELECT $1, $2, $3, n - $5, $4 || lpad(n::text, 6, '0') || ((10 - ($6
                + (n / 100000) % 10
                + 2 * ((n / 10000) % 10) - 9 * ((n / 10000) % 10 / 5)
                + (n / 1000) % 10
                + 2 * ((n / 100) % 10) - 9 * ((n / 100) % 10 / 5)
                + (n / 10) % 10
                + 2 * (n % 10) - 9 * ((n % 10) / 5)) % 10) % 10)::text
       FROM generate_series($5::int, $7::int) AS n`,
      [pool.id, model.id, pool.pool_order, tac, first, tacSum, last],
    );
    return pool.id;
  }

  private async createList(
    tx: EntityManager,
    actor: Actor,
    model: ModelRow,
    imeis: string[],
  ): Promise<string> {
    const errors: FieldError[] = [];
    const seen = new Map<string, number>();
    imeis.forEach((raw, index) => {
      const imei = raw.trim();
      const field = `imeis[${index}]`;
      if (!/^\d{15}$/.test(imei)) errors.push({ field, message: `${raw} is not 15 digits` });
      else if (!isValidImei(imei))
        errors.push({
          field,
          message: `${imei} has a wrong check digit (expected ${luhnCheckDigit(imei.slice(0, 14))})`,
        });
      else if (!model.tacs.includes(imei.slice(0, 8)))
        errors.push({
          field,
          message: `${imei} does not start with a TAC of this model (${model.tacs.join(', ')})`,
        });
      else if (seen.has(imei))
        errors.push({ field, message: `${imei} repeats line ${seen.get(imei)! + 1}` });
      seen.set(imei, seen.get(imei) ?? index);
    });
    const clean = imeis.map((i) => i.trim());
    const known = await tx.query<
      {
        imei: string;
      }[]
    >('SELECT imei FROM imeis WHERE imei = ANY($1::char(15)[])', [
      clean.filter((i) => /^\d{15}$/.test(i)),
    ]);
    const knownSet = new Set(known.map((k) => k.imei));
    clean.forEach((imei, index) => {
      if (knownSet.has(imei))
        errors.push({ field: `imeis[${index}]`, message: `${imei} is already in a pool` });
    });
    if (errors.length > 0) {
      errors.sort((a, b) => indexOf(a.field) - indexOf(b.field));
      throw new InvalidInputError(
        errors,
        `${errors.length} of ${imeis.length} IMEIs cannot be added; nothing was stored.`,
      );
    }
    this.assertPairs(model, clean.length);
    const [pool] = await tx.query<{ id: string; pool_order: string }[]>(
      `INSERT INTO imei_pools (device_model_id, kind, size, created_by) VALUES ($1, 'list', $2, $3) RETURNING id, pool_order`,
      [model.id, clean.length, actor.name],
    );
    await tx.query(
      `INSERT INTO imeis (pool_id, device_model_id, pool_order, seq, imei)
       SELECT $1, $2, $3, ord - 1, imei FROM unnest($4::text[]) WITH ORDINALITY AS t(imei, ord)`,
      [pool.id, model.id, pool.pool_order, clean],
    );
    return pool.id;
  }

  /** Dual-SIM units take their two IMEIs side by side from one pool, so its size must be even. */
  private assertPairs(model: ModelRow, size: number): void {
    if (model.imeis_per_device === 2 && size % 2 !== 0) {
      throw new RuleViolationError(
        'imei-pool-odd-size',
        `${model.brand} ${model.name} takes two IMEIs per unit, so a pool must hold an even number; this one holds ${size}.`,
        { size },
      );
    }
  }
}

function luhnSumOfTac(tac: string): number {
  // In a 14-digit body the doubled positions (from the left, 1-based) are the even ones.
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    let d = Number(tac[i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

function indexOf(field: string): number {
  return Number(/\[(\d+)\]/.exec(field)?.[1] ?? 0);
}
