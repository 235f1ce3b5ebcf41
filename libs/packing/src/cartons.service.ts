import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AuditService } from '@lt/auth';
import { ConflictError, DomainError, NotFoundError, oncePerKey, requestHash } from '@lt/core';
import { assertTransition, unitRefCondition, UnitStatus } from '@lt/production';
import { CartonDetailDto, PackedUnitDto, PackResultDto, PalletDto } from './dto/carton.dto';
import { failedStillPacked, loadLot } from './lot-rows';
import { assertPackable } from './pack-rules';
import {
  CartonDiscardedError,
  LotNotOpenError,
  LotStatusError,
  UnitNotInCartonError,
} from './packing-errors';

/** The carton row, its lot's facts and the unit row, read under locks in one statement. */
interface ScanRow {
  carton: {
    id: string;
    sscc: string;
    status: string;
    capacity: number;
    unit_count: number;
    lot_id: string;
    lot_number: string;
    lot_status: string;
    device_model_ids: string[];
    requires_registration: boolean;
  } | null;
  unit: {
    id: string;
    serial_number: string;
    status: UnitStatus;
    device_model_id: string;
    registry_status: string;
    packed_in: string | null;
    imeis: string[];
  } | null;
}

/**
 * Locks the carton (and shares its lot, so an inspection draw or a seal waits for scans in
 * flight) and the unit, and reads everything the rules need: one round trip. `$1` is the
 * unit ref (as unitRefCondition expects), `$2` the carton's SSCC. Always carton first, then
 * unit, in every statement here, so two scans cannot lock in opposite orders.
 */
const SCAN_SQL = (unitRef: string) => `
  WITH c AS (
    SELECT c.id, c.sscc, c.status, c.capacity, c.unit_count, c.lot_id,
           l.number AS lot_number, l.status AS lot_status, l.device_model_ids, l.requires_registration
    FROM export_cartons c JOIN export_lots l ON l.id = c.lot_id
    WHERE c.sscc = $2
    FOR UPDATE OF c FOR SHARE OF l
  ), u AS (
    SELECT u.id, u.serial_number, u.status, u.device_model_id, u.registry_status,
           (SELECT pc.sscc FROM packed_units pu JOIN export_cartons pc ON pc.id = pu.carton_id WHERE pu.unit_id = u.id) AS packed_in,
           ARRAY(SELECT i.imei::text FROM imeis i WHERE i.unit_id = u.id ORDER BY i.slot) AS imeis
    FROM units u WHERE ${unitRefCondition(unitRef)}
    FOR UPDATE OF u
  )
  SELECT (SELECT row_to_json(c) FROM c) AS carton, (SELECT row_to_json(u) FROM u) AS unit`;

/**
 * The refusal for an SSCC that names no carton. A discarded carton's row is gone; the audit
 * log says when and by whom, so a label left on a box is answered as void, not as unknown.
 */
async function missingCarton(db: EntityManager | DataSource, sscc: string): Promise<DomainError> {
  const [discarded] = await db.query<{ at: Date; actor: string }[]>(
    `SELECT at, actor FROM audit_log WHERE entity = 'carton' AND entity_id = $1 AND action = 'DISCARD'
     ORDER BY at DESC LIMIT 1`,
    [sscc],
  );
  return discarded
    ? new CartonDiscardedError(sscc, discarded.at, discarded.actor)
    : new NotFoundError('Carton', sscc);
}

/** A carton locked for a change, with its lot shared; refused unless the lot is OPEN. */
async function lockCartonOfOpenLot(
  tx: EntityManager,
  sscc: string,
  action: string,
): Promise<{ id: string; status: string; unit_count: number; pallet_sscc: string | null }> {
  const [carton] = await tx.query<
    {
      id: string;
      status: string;
      unit_count: number;
      pallet_sscc: string | null;
      lot_number: string;
      lot_status: string;
    }[]
  >(
    `SELECT c.id, c.status, c.unit_count, p.sscc AS pallet_sscc, l.number AS lot_number, l.status AS lot_status
     FROM export_cartons c JOIN export_lots l ON l.id = c.lot_id LEFT JOIN export_pallets p ON p.id = c.pallet_id
     WHERE c.sscc = $1 FOR UPDATE OF c FOR SHARE OF l`,
    [sscc],
  );
  if (!carton) throw await missingCarton(tx, sscc);
  if (carton.lot_status !== 'OPEN')
    throw new LotNotOpenError(carton.lot_number, carton.lot_status, action);
  return carton;
}

/** Pack-scan, unpack, close, discard and palletise. */
@Injectable()
export class CartonsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * The hot path (a logistics scanner, one request per unit): BEGIN, one locking read, the
   * rules in memory, one write statement (packed row, unit status, carton count, unit event,
   * audit row), COMMIT.
   */
  async pack(
    actor: Actor,
    sscc: string,
    unitRef: string,
    key?: string,
  ): Promise<{ replayed: boolean; value: PackResultDto }> {
    return this.db.transaction(async (tx) => {
      const work = () => this.packIn(tx, actor, sscc, unitRef);
      if (!key) return { replayed: false, value: await work() };
      return oncePerKey(tx, 'carton-pack', key, requestHash({ sscc, unit: unitRef }), work);
    });
  }

  private async packIn(
    tx: EntityManager,
    actor: Actor,
    sscc: string,
    unitRef: string,
  ): Promise<PackResultDto> {
    const { carton, unit } = await this.scan(tx, sscc, unitRef);
    assertPackable({
      carton: {
        sscc: carton.sscc,
        status: carton.status,
        capacity: carton.capacity,
        unitCount: carton.unit_count,
      },
      lot: {
        number: carton.lot_number,
        status: carton.lot_status,
        deviceModelIds: carton.device_model_ids,
        requiresRegistration: carton.requires_registration,
      },
      unit: {
        serialNumber: unit.serial_number,
        status: unit.status,
        deviceModelId: unit.device_model_id,
        registryStatus: unit.registry_status,
        packedIn: unit.packed_in,
      },
    });
    assertTransition(unit.serial_number, unit.status, 'PACKED');
    const [{ unit_count: unitCount }] = await tx.query<{ unit_count: number }[]>(
      // The carton update is a CTE too: TypeORM answers a top-level UPDATE with [rows, count].
      `WITH p AS (
         INSERT INTO packed_units (unit_id, carton_id, lot_id, packed_at, packed_by) VALUES ($1, $2, $3, now(), $4))
       , s AS (UPDATE units SET status = 'PACKED', updated_at = now() WHERE id = $1)
       , e AS (
         INSERT INTO unit_events (unit_id, type, from_status, to_status, actor, user_id, station_key_id, details)
         VALUES ($1, 'PACKED', $5, 'PACKED', $4, $6, $7, jsonb_build_object('carton', $8::text, 'lot', $9::text)))
       , a AS (
         INSERT INTO audit_log (user_id, actor, entity, entity_id, action, after)
         VALUES ($6, $4, 'carton', $8, 'PACK', jsonb_build_object('unit', $10::text)))
       , c AS (UPDATE export_cartons SET unit_count = unit_count + 1 WHERE id = $2 RETURNING unit_count)
       SELECT unit_count FROM c`,
      [
        unit.id,
        carton.id,
        carton.lot_id,
        actor.name,
        unit.status,
        actor.userId,
        actor.stationKeyId,
        carton.sscc,
        carton.lot_number,
        unit.serial_number,
      ],
    );
    return {
      unit: { id: unit.id, serialNumber: unit.serial_number, imeis: unit.imeis, status: 'PACKED' },
      carton: carton.sscc,
      unitCount,
      capacity: carton.capacity,
      full: unitCount >= carton.capacity,
    };
  }

  /**
   * Takes a unit out of a carton of an OPEN lot; the unit is PASSED again (or ON_HOLD, see
   * below). A closed carton opens again: its label no longer lists what it holds, so it is
   * closed (and its label printed) anew, and a replacement can go into it meanwhile. One
   * emptied that way is refilled or discarded (`discard`) before the lot is sealed.
   */
  async unpack(
    actor: Actor,
    sscc: string,
    unitRef: string,
    reason: string,
  ): Promise<PackedUnitDto> {
    return this.db.transaction(async (tx) => {
      const { carton, unit } = await this.scan(tx, sscc, unitRef);
      if (carton.lot_status !== 'OPEN')
        throw new LotNotOpenError(carton.lot_number, carton.lot_status, 'units are unpacked');
      if (unit.packed_in !== carton.sscc)
        throw new UnitNotInCartonError(unit.serial_number, carton.sscc, unit.packed_in);
      assertTransition(unit.serial_number, unit.status, 'PASSED');
      // A unit that failed an outgoing inspection of this lot since it was packed, or that was
      // on hold in its carton, comes out on hold, for a supervisor to release or scrap; it is
      // not packed again as it is. Released, the one that failed the inspection is FAILED at
      // its route's last stage: reworked and tested there again before it is packed (its
      // registration stands; see `decideQcResult`).
      const failedInspection = (await failedStillPacked(tx, carton.lot_id, unit.id)).length > 0;
      const holdReason = failedInspection
        ? `Failed the outgoing inspection of lot ${carton.lot_number}`
        : unit.status === 'ON_HOLD'
          ? `On hold when unpacked from lot ${carton.lot_number}`
          : null;
      const status = holdReason ? 'ON_HOLD' : 'PASSED';
      await tx.query(
        `WITH p AS (DELETE FROM packed_units WHERE unit_id = $1)
         , s AS (UPDATE units u SET status = $8, updated_at = now(),
                   held_from_status = CASE WHEN $10 THEN 'FAILED' WHEN $8 = 'ON_HOLD' THEN 'PASSED' END,
                   -- the last stage is due again, at its next attempt
                   route_position = CASE WHEN $10 THEN cardinality(m.route) - 1 ELSE u.route_position END,
                   next_stage = CASE WHEN $10 THEN m.route[cardinality(m.route)] ELSE u.next_stage END,
                   stage_attempts = CASE WHEN $10 THEN (SELECT coalesce(max(q.attempt), 0) FROM qc_results q
                                     WHERE q.unit_id = u.id AND q.stage = m.route[cardinality(m.route)])
                                    ELSE u.stage_attempts END
                 FROM device_models m WHERE u.id = $1 AND m.id = u.device_model_id)
         , e AS (
           INSERT INTO unit_events (unit_id, at, type, from_status, to_status, actor, user_id, station_key_id, details)
           SELECT $1, clock_timestamp(), type, from_status, to_status, $3, $4, $5, details
           FROM (VALUES (1, 'UNPACKED', 'PACKED', 'PASSED', jsonb_build_object('carton', $6::text, 'reason', $7::text)),
                        (2, 'HELD', 'PASSED', 'ON_HOLD', jsonb_build_object('reason', $9::text))
                ) AS v(n, type, from_status, to_status, details)
           WHERE v.n = 1 OR $8 = 'ON_HOLD' ORDER BY v.n)
         UPDATE export_cartons SET unit_count = unit_count - 1, status = 'OPEN', closed_at = NULL
         WHERE id = $2`,
        [
          unit.id,
          carton.id,
          actor.name,
          actor.userId,
          actor.stationKeyId,
          carton.sscc,
          reason,
          status,
          holdReason,
          failedInspection,
        ],
      );
      const reopened = carton.status === 'CLOSED';
      await this.audit.record(
        tx,
        actor,
        'carton',
        carton.sscc,
        'UNPACK',
        { unit: unit.serial_number, status: carton.status },
        reopened ? { reason, status: 'OPEN' } : { reason },
      );
      return { id: unit.id, serialNumber: unit.serial_number, imeis: unit.imeis, status };
    });
  }

  async close(actor: Actor, sscc: string): Promise<CartonDetailDto> {
    await this.db.transaction(async (tx) => {
      const carton = await lockCartonOfOpenLot(tx, sscc, 'cartons are closed');
      if (carton.status === 'CLOSED')
        throw new ConflictError('carton-closed', `Carton ${sscc} is already closed.`, {
          carton: sscc,
        });
      if (carton.unit_count === 0)
        throw new ConflictError(
          'carton-empty',
          `Carton ${sscc} is empty; pack units into it before closing it, or discard it.`,
          { carton: sscc },
        );
      await tx.query(
        `UPDATE export_cartons SET status = 'CLOSED', closed_at = now() WHERE id = $1`,
        [carton.id],
      );
      await this.audit.record(
        tx,
        actor,
        'carton',
        sscc,
        'CLOSE',
        { status: 'OPEN' },
        { status: 'CLOSED', units: carton.unit_count },
      );
    });
    return this.get(sscc);
  }

  /**
   * Discards an empty carton of an OPEN lot: one opened by mistake, or emptied by unpacking.
   * Its SSCC is never issued again; the audit log keeps it.
   */
  async discard(actor: Actor, sscc: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const carton = await lockCartonOfOpenLot(tx, sscc, 'cartons are discarded');
      if (carton.unit_count > 0)
        throw new ConflictError(
          'carton-not-empty',
          `Carton ${sscc} still holds ${carton.unit_count} unit(s); unpack them before discarding it.`,
          { carton: sscc, units: carton.unit_count },
        );
      await tx.query('DELETE FROM export_cartons WHERE id = $1', [carton.id]);
      await this.audit.record(
        tx,
        actor,
        'carton',
        sscc,
        'DISCARD',
        { status: carton.status, pallet: carton.pallet_sscc },
        null,
      );
    });
  }

  async get(sscc: string): Promise<CartonDetailDto> {
    const [row] = await this.db.query<
      {
        id: string;
        sscc: string;
        lot_id: string;
        lot_number: string;
        pallet_sscc: string | null;
        status: 'OPEN' | 'CLOSED';
        capacity: number;
        unit_count: number;
        created_at: Date;
        closed_at: Date | null;
        units: PackedUnitDto[] | null;
      }[]
    >(
      `SELECT c.id, c.sscc, c.lot_id, l.number AS lot_number, p.sscc AS pallet_sscc, c.status, c.capacity, c.unit_count,
              c.created_at, c.closed_at,
              (SELECT json_agg(json_build_object('id', u.id, 'serialNumber', u.serial_number, 'status', u.status,
                        'imeis', ARRAY(SELECT i.imei::text FROM imeis i WHERE i.unit_id = u.id ORDER BY i.slot)) ORDER BY u.serial_number)
               FROM packed_units pu JOIN units u ON u.id = pu.unit_id WHERE pu.carton_id = c.id) AS units
       FROM export_cartons c JOIN export_lots l ON l.id = c.lot_id LEFT JOIN export_pallets p ON p.id = c.pallet_id
       WHERE c.sscc = $1`,
      [sscc],
    );
    if (!row) throw await missingCarton(this.db, sscc);
    return {
      id: row.id,
      sscc: row.sscc,
      lotId: row.lot_id,
      lotNumber: row.lot_number,
      palletSscc: row.pallet_sscc,
      status: row.status,
      capacity: row.capacity,
      unitCount: row.unit_count,
      createdAt: row.created_at,
      closedAt: row.closed_at,
      units: row.units ?? [],
    };
  }

  /** Puts a closed carton of the same lot on a pallet (before the lot is sealed). */
  async addToPallet(actor: Actor, palletSscc: string, cartonSscc: string): Promise<PalletDto> {
    return this.db.transaction(async (tx) => {
      const [pallet] = await tx.query<{ id: string; lot_id: string; created_at: Date }[]>(
        'SELECT id, lot_id, created_at FROM export_pallets WHERE sscc = $1 FOR UPDATE',
        [palletSscc],
      );
      if (!pallet) throw new NotFoundError('Pallet', palletSscc);
      const lot = await loadLot(tx, pallet.lot_id, 'FOR SHARE');
      if (!['OPEN', 'INSPECTING', 'ACCEPTED'].includes(lot.status)) {
        throw new LotStatusError(
          lot.number,
          lot.status,
          'cartons go on pallets only before the lot is sealed.',
        );
      }
      const [carton] = await tx.query<
        { id: string; lot_id: string; status: string; on_pallet: string | null }[]
      >(
        `SELECT c.id, c.lot_id, c.status, p.sscc AS on_pallet FROM export_cartons c LEFT JOIN export_pallets p ON p.id = c.pallet_id
         WHERE c.sscc = $1 FOR UPDATE OF c`,
        [cartonSscc],
      );
      if (!carton) throw await missingCarton(tx, cartonSscc);
      if (carton.lot_id !== pallet.lot_id) {
        throw new ConflictError(
          'carton-of-another-lot',
          `Carton ${cartonSscc} belongs to another export lot than pallet ${palletSscc}.`,
          {
            carton: cartonSscc,
            pallet: palletSscc,
          },
        );
      }
      if (carton.status !== 'CLOSED') {
        throw new ConflictError(
          'carton-not-closed',
          `Carton ${cartonSscc} is still open; close it before it goes on a pallet.`,
          { carton: cartonSscc },
        );
      }
      if (carton.on_pallet) {
        throw new ConflictError(
          'carton-on-pallet',
          `Carton ${cartonSscc} is already on pallet ${carton.on_pallet}.`,
          {
            carton: cartonSscc,
            pallet: carton.on_pallet,
          },
        );
      }
      await tx.query('UPDATE export_cartons SET pallet_id = $2 WHERE id = $1', [
        carton.id,
        pallet.id,
      ]);
      await this.audit.record(tx, actor, 'pallet', palletSscc, 'ADD_CARTON', null, {
        carton: cartonSscc,
      });
      const cartons = await tx.query<{ sscc: string }[]>(
        'SELECT sscc FROM export_cartons WHERE pallet_id = $1 ORDER BY sscc',
        [pallet.id],
      );
      return {
        id: pallet.id,
        sscc: palletSscc,
        lotId: pallet.lot_id,
        cartons: cartons.map((c) => c.sscc),
        createdAt: pallet.created_at,
      };
    });
  }

  private async scan(
    tx: EntityManager,
    sscc: string,
    unitRef: string,
  ): Promise<{ carton: NonNullable<ScanRow['carton']>; unit: NonNullable<ScanRow['unit']> }> {
    const [row] = await tx.query<ScanRow[]>(SCAN_SQL(unitRef), [unitRef, sscc]);
    if (!row.carton) throw await missingCarton(tx, sscc);
    if (!row.unit) throw new NotFoundError('Unit', unitRef);
    return { carton: row.carton, unit: row.unit };
  }
}
