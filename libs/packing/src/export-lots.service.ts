import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AuditService } from '@lt/auth';
import { Clock, InvalidInputError, Page, pageOf, UnknownReferenceError } from '@lt/core';
import { CartonDto, OpenCartonDto, PalletDto } from './dto/carton.dto';
import {
  CreateExportLotDto,
  ExportLotDetailDto,
  ExportLotDto,
  LotRow,
  LotStatus,
  ShipLotDto,
  toExportLotDto,
  ExportLotQuery,
  ExportLotSummaryDto,
} from './dto/export-lot.dto';
import { assertAllCartonsClosed, loadLot } from './lot-rows';
import { LotNotOpenError, LotStatusError } from './packing-errors';
import { allocateSscc } from './sscc-allocator';

/** The country whose registry the units are registered with; shipping elsewhere de-registers. */
export const HOME_COUNTRY = 'PK';

interface PlantRow {
  id: string;
  code: string;
  gs1_company_prefix: string | null;
}

/** Export lots: create, open cartons and pallets, show counts, seal and ship. */
@Injectable()
export class ExportLotsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, body: CreateExportLotDto): Promise<ExportLotDto> {
    return this.db.transaction(async (tx) => {
      const [plant] = await tx.query<PlantRow[]>(
        'SELECT id, code, gs1_company_prefix FROM plants WHERE id = $1',
        [body.plantId],
      );
      if (!plant) throw new UnknownReferenceError('plantId', 'plant', body.plantId);
      const modelIds = [...new Set(body.deviceModelIds)];
      const found = await tx.query<{ id: string }[]>(
        'SELECT id FROM device_models WHERE id = ANY($1::uuid[])',
        [modelIds],
      );
      const missing = modelIds.find((id) => !found.some((m) => m.id === id));
      if (missing) throw new UnknownReferenceError('deviceModelIds', 'device model', missing);
      const [{ last_number: seq }] = await tx.query<{ last_number: number }[]>(
        `INSERT INTO export_lot_counters AS c (plant_id, last_number) VALUES ($1, 1)
         ON CONFLICT (plant_id) DO UPDATE SET last_number = c.last_number + 1 RETURNING last_number`,
        [plant.id],
      );
      const [row] = await tx.query<LotRow[]>(
        `INSERT INTO export_lots (number, plant_id, destination_country, consignee, planned_quantity, device_model_ids,
                                  requires_registration, aql, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [
          `EL-${plant.code}-${String(seq).padStart(5, '0')}`,
          plant.id,
          body.destinationCountry.toUpperCase(),
          body.consignee,
          body.plannedQuantity,
          modelIds,
          body.requiresRegistration ?? true,
          body.aql ?? 0.65,
          actor.name,
        ],
      );
      const dto = toExportLotDto(row);
      await this.audit.record(tx, actor, 'export_lot', row.id, 'CREATE', null, dto);
      return dto;
    });
  }

  async list(query: ExportLotQuery): Promise<Page<ExportLotSummaryDto>> {
    const params: unknown[] = [query.plantId ?? null, query.status ?? null];
    const filter = `($1::uuid IS NULL OR l.plant_id = $1) AND ($2::text IS NULL OR l.status = $2)`;
    const [{ total }] = await this.db.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM export_lots l WHERE ${filter}`,
      params,
    );
    const rows = await this.db.query<(LotRow & { packed_units: number })[]>(
      `SELECT l.*, (SELECT count(*)::int FROM packed_units p WHERE p.lot_id = l.id) AS packed_units
       FROM export_lots l WHERE ${filter} ORDER BY l.created_at DESC LIMIT $3 OFFSET $4`,
      [...params, query.limit, query.offset],
    );
    return pageOf(
      rows.map((row) => ({ ...toExportLotDto(row), packedUnits: row.packed_units })),
      total,
      query,
    );
  }

  async get(ref: string): Promise<ExportLotDetailDto> {
    const lot = await loadLot(this.db.manager, ref);
    const [counts] = await this.db.query<
      {
        units: Record<string, number> | null;
        cartons: Record<string, number> | null;
        pallets: Record<string, number> | null;
        loose: number;
      }[]
    >(
      `SELECT
         (SELECT jsonb_object_agg(status, n) FROM (SELECT u.status, count(*)::int AS n FROM packed_units p JOIN units u ON u.id = p.unit_id
            WHERE p.lot_id = $1 GROUP BY u.status) s) AS units,
         (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM export_cartons WHERE lot_id = $1 GROUP BY status) s) AS cartons,
         (SELECT jsonb_object_agg(status, n) FROM (
            SELECT CASE WHEN EXISTS (SELECT 1 FROM export_cartons c WHERE c.pallet_id = pl.id) THEN 'LOADED' ELSE 'EMPTY' END AS status, count(*)::int AS n
            FROM export_pallets pl WHERE pl.lot_id = $1 GROUP BY 1) s) AS pallets,
         (SELECT count(*)::int FROM export_cartons WHERE lot_id = $1 AND pallet_id IS NULL) AS loose`,
      [lot.id],
    );
    const tally = (byStatus: Record<string, number> | null) => ({
      total: Object.values(byStatus ?? {}).reduce((a, b) => a + b, 0),
      byStatus: byStatus ?? {},
    });
    return {
      ...toExportLotDto(lot),
      counts: {
        units: tally(counts.units),
        cartons: tally(counts.cartons),
        pallets: tally(counts.pallets),
        cartonsWithoutPallet: counts.loose,
      },
    };
  }

  async openCarton(actor: Actor, lotRef: string, body: OpenCartonDto): Promise<CartonDto> {
    return this.db.transaction(async (tx) => {
      const { lot, plant } = await this.lockOpenLotForContainer(tx, lotRef, 'cartons are opened');
      const sscc = await allocateSscc(tx, plant);
      const [row] = await tx.query<{ id: string; created_at: Date }[]>(
        `INSERT INTO export_cartons (sscc, lot_id, capacity, created_by) VALUES ($1, $2, $3, $4) RETURNING id, created_at`,
        [sscc, lot.id, body.capacity, actor.name],
      );
      const dto: CartonDto = {
        id: row.id,
        sscc,
        lotId: lot.id,
        lotNumber: lot.number,
        palletSscc: null,
        status: 'OPEN',
        capacity: body.capacity,
        unitCount: 0,
        createdAt: row.created_at,
        closedAt: null,
      };
      await this.audit.record(tx, actor, 'carton', sscc, 'CREATE', null, {
        lot: lot.number,
        capacity: body.capacity,
      });
      return dto;
    });
  }

  async openPallet(actor: Actor, lotRef: string): Promise<PalletDto> {
    return this.db.transaction(async (tx) => {
      const { lot, plant } = await this.lockOpenLotForContainer(tx, lotRef, 'pallets are opened', [
        'OPEN',
        'INSPECTING',
        'ACCEPTED',
      ]);
      const sscc = await allocateSscc(tx, plant);
      const [row] = await tx.query<{ id: string; created_at: Date }[]>(
        'INSERT INTO export_pallets (sscc, lot_id, created_by) VALUES ($1, $2, $3) RETURNING id, created_at',
        [sscc, lot.id, actor.name],
      );
      await this.audit.record(tx, actor, 'pallet', sscc, 'CREATE', null, { lot: lot.number });
      return { id: row.id, sscc, lotId: lot.id, cartons: [], createdAt: row.created_at };
    });
  }

  /**
   * OPEN again after a REJECTED inspection (the lot is ON_HOLD), so that it can be screened:
   * units unpacked, replacements packed, cartons closed and a new sample drawn.
   */
  release(actor: Actor, lotRef: string, note: string): Promise<ExportLotDto> {
    return this.moveLot(actor, lotRef, {
      from: 'ON_HOLD',
      to: 'OPEN',
      action: 'RELEASE',
      refusal: 'only a lot on hold (its outgoing inspection REJECTED) is released.',
      note,
    });
  }

  /** SEALED: every carton closed, the inspection ACCEPTED, no packed unit on hold. */
  seal(actor: Actor, lotRef: string): Promise<ExportLotDto> {
    return this.moveLot(
      actor,
      lotRef,
      {
        from: 'ACCEPTED',
        to: 'SEALED',
        action: 'SEAL',
        refusal: 'a lot is sealed only after its outgoing inspection is ACCEPTED.',
        stamp: 'sealed_at',
      },
      async (tx, lot) => {
        await assertAllCartonsClosed(tx, lot, 'first');
        await this.assertNoUnitOffPacked(tx, lot, 'sealed');
      },
    );
  }

  /** One step of the lot's life in one transaction, with its audit record. */
  private moveLot(
    actor: Actor,
    lotRef: string,
    move: {
      from: LotStatus;
      to: LotStatus;
      action: string;
      refusal: string;
      stamp?: 'sealed_at';
      note?: string;
    },
    check?: (tx: EntityManager, lot: LotRow) => Promise<void>,
  ): Promise<ExportLotDto> {
    return this.db.transaction(async (tx) => {
      const lot = await loadLot(tx, lotRef, 'FOR UPDATE');
      if (lot.status !== move.from) throw new LotStatusError(lot.number, lot.status, move.refusal);
      await check?.(tx, lot);
      const stamp = move.stamp ? `, ${move.stamp} = $2` : '';
      const [row] = await tx.query<LotRow[]>(
        `WITH l AS (UPDATE export_lots SET status = $3, updated_at = $2${stamp} WHERE id = $1 RETURNING *) SELECT * FROM l`,
        [lot.id, this.clock.now(), move.to],
      );
      await this.audit.record(
        tx,
        actor,
        'export_lot',
        lot.id,
        move.action,
        { status: lot.status },
        move.note === undefined ? { status: move.to } : { status: move.to, note: move.note },
      );
      return toExportLotDto(row);
    });
  }

  /**
   * The lot and all its units SHIPPED in one transaction, with a unit event each and, for a
   * destination outside Pakistan, a DEREGISTER outbox row per unit that the registry knows
   * (or is about to know) for the registry worker to send; the unit's registryStatus turns
   * DEREGISTERED only when the registry confirms.
   */
  async ship(actor: Actor, lotRef: string, body: ShipLotDto): Promise<ExportLotDto> {
    const now = this.clock.now();
    const shippedAt = body.shippedAt ?? now;
    if (Number.isNaN(shippedAt.getTime()))
      throw InvalidInputError.field('shippedAt', 'must be an ISO 8601 date-time');
    if (shippedAt.getTime() > now.getTime() + 60_000)
      throw InvalidInputError.field('shippedAt', 'must not be in the future');
    return this.db.transaction(async (tx) => {
      const lot = await loadLot(tx, lotRef, 'FOR UPDATE');
      if (lot.status !== 'SEALED')
        throw new LotStatusError(
          lot.number,
          lot.status,
          'only a SEALED lot can be shipped; seal it first.',
        );
      await this.assertNoUnitOffPacked(tx, lot, 'shipped');
      const details = JSON.stringify({
        lot: lot.number,
        destination: lot.destination_country,
        invoiceNumber: body.invoiceNumber,
      });
      await tx.query(
        `WITH shipped AS (
           UPDATE units u SET status = 'SHIPPED', updated_at = $2
           FROM packed_units p WHERE p.lot_id = $1 AND u.id = p.unit_id AND u.status = 'PACKED'
           RETURNING u.id, u.registry_status)
         , events AS (
           INSERT INTO unit_events (unit_id, at, type, from_status, to_status, actor, user_id, station_key_id, details)
           SELECT id, $3, 'SHIPPED', 'PACKED', 'SHIPPED', $4, $5, $6, $7::jsonb FROM shipped)
         INSERT INTO registry_outbox (unit_id, kind, reason, created_at)
         SELECT id, 'DEREGISTER', $8, $2 FROM shipped
         WHERE $9::boolean AND registry_status IN ('PENDING', 'SUBMITTED', 'REGISTERED')`,
        [
          lot.id,
          now,
          shippedAt,
          actor.name,
          actor.userId,
          actor.stationKeyId,
          details,
          `Export to ${lot.destination_country}`,
          lot.destination_country !== HOME_COUNTRY,
        ],
      );
      const [row] = await tx.query<LotRow[]>(
        `WITH l AS (UPDATE export_lots SET status = 'SHIPPED', shipped_at = $2, invoice_number = $3, transport_document = $4, updated_at = $5
         WHERE id = $1 RETURNING *) SELECT * FROM l`,
        [lot.id, shippedAt, body.invoiceNumber, body.transportDocument, now],
      );
      await this.audit.record(
        tx,
        actor,
        'export_lot',
        lot.id,
        'SHIP',
        { status: lot.status },
        {
          status: 'SHIPPED',
          invoiceNumber: body.invoiceNumber,
          transportDocument: body.transportDocument,
          shippedAt,
        },
      );
      return toExportLotDto(row);
    });
  }

  private async lockOpenLotForContainer(
    tx: EntityManager,
    lotRef: string,
    action: string,
    allowed: string[] = ['OPEN'],
  ): Promise<{ lot: LotRow; plant: PlantRow }> {
    // FOR SHARE: many cartons may open at once; an inspection draw (FOR UPDATE) waits for them.
    const lot = await loadLot(tx, lotRef, 'FOR SHARE');
    if (!allowed.includes(lot.status)) throw new LotNotOpenError(lot.number, lot.status, action);
    const [plant] = await tx.query<PlantRow[]>(
      'SELECT id, code, gs1_company_prefix FROM plants WHERE id = $1',
      [lot.plant_id],
    );
    return { lot, plant };
  }

  private async assertNoUnitOffPacked(tx: EntityManager, lot: LotRow, verb: string): Promise<void> {
    const off = await tx.query<{ serial_number: string; status: string }[]>(
      `SELECT u.serial_number, u.status FROM packed_units p JOIN units u ON u.id = p.unit_id
       WHERE p.lot_id = $1 AND u.status <> 'PACKED' ORDER BY u.serial_number LIMIT 5`,
      [lot.id],
    );
    if (off.length > 0) {
      throw new LotStatusError(
        lot.number,
        lot.status,
        `it cannot be ${verb} while packed units are not PACKED (${off.map((u) => `${u.serial_number} ${u.status}`).join(', ')}); release or unpack them.`,
      );
    }
  }
}
