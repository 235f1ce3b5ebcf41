import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AuditService } from '@lt/auth';
import { ConflictError, NotFoundError, UnknownReferenceError } from '@lt/core';
import { findUnitId, recordUnitEvents } from '@lt/production';
import { InspectionDrawDto, InspectionPlanDto, InspectionResultDto } from './dto/inspection.dto';
import { LotRow } from './dto/export-lot.dto';
import { assertAllCartonsClosed, failedStillPacked, loadLot } from './lot-rows';
import { LotNotOpenError, LotStatusError } from './packing-errors';
import { randomSample } from './random-sample';
import { samplingPlan } from './sampling-plan';

interface InspectionRow {
  id: string;
  lot_id: string;
  status: string;
  lot_size: number;
  aql: string;
  code_letter: string;
  plan_letter: string;
  sample_size: number;
  accept_number: number;
  reject_number: number;
  inspected: number;
  defectives: number;
}

const INSPECTION_SQL = `
  SELECT i.*, (SELECT count(*)::int FROM lot_inspection_samples s WHERE s.inspection_id = i.id AND s.result IS NOT NULL) AS inspected,
              (SELECT count(*)::int FROM lot_inspection_samples s WHERE s.inspection_id = i.id AND s.result = 'FAIL') AS defectives
  FROM lot_inspections i`;

/**
 * The outgoing audit (ISO 2859-1 single sampling, normal inspection, level II): draw the
 * sample from the packed lot, record a result per sampled unit, accept or reject the lot.
 */
@Injectable()
export class InspectionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async draw(actor: Actor, lotRef: string): Promise<InspectionDrawDto> {
    return this.db.transaction(async (tx) => {
      // FOR UPDATE waits for scans in flight (they hold the lot FOR SHARE) and blocks new ones.
      const lot = await loadLot(tx, lotRef, 'FOR UPDATE');
      if (lot.status !== 'OPEN')
        throw new LotNotOpenError(lot.number, lot.status, 'an inspection is drawn');
      await assertAllCartonsClosed(tx, lot, 'before the inspection');
      const failed = await failedStillPacked(tx, lot.id);
      if (failed.length > 0) {
        throw new LotStatusError(
          lot.number,
          lot.status,
          `${failed.map((f) => `${f.serialNumber} (carton ${f.carton})`).join(', ')} failed its outgoing inspection and is still packed; unpack the failed units before drawing a new sample.`,
        );
      }
      const units = await tx.query<{ id: string; serial_number: string }[]>(
        `SELECT u.id, u.serial_number FROM packed_units p JOIN units u ON u.id = p.unit_id WHERE p.lot_id = $1 ORDER BY u.serial_number`,
        [lot.id],
      );
      if (units.length === 0)
        throw new LotStatusError(lot.number, lot.status, 'it has no packed units to inspect.');
      const plan = samplingPlan(units.length, Number(lot.aql));
      const sample = randomSample(units, plan.sampleSize);
      const [inspection] = await tx.query<{ id: string }[]>(
        `INSERT INTO lot_inspections (lot_id, lot_size, aql, code_letter, plan_letter, sample_size, accept_number, reject_number, drawn_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          lot.id,
          plan.lotSize,
          plan.aql,
          plan.codeLetter,
          plan.planLetter,
          plan.sampleSize,
          plan.acceptNumber,
          plan.rejectNumber,
          actor.name,
        ],
      );
      await tx.query(
        'INSERT INTO lot_inspection_samples (inspection_id, unit_id) SELECT $1, unnest($2::uuid[])',
        [inspection.id, sample.map((u) => u.id)],
      );
      await tx.query(
        `UPDATE export_lots SET status = 'INSPECTING', updated_at = now() WHERE id = $1`,
        [lot.id],
      );
      await this.audit.record(
        tx,
        actor,
        'export_lot',
        lot.id,
        'INSPECTION_DRAWN',
        { status: lot.status },
        { status: 'INSPECTING', plan },
      );
      return {
        id: inspection.id,
        status: 'IN_PROGRESS',
        lotSize: plan.lotSize,
        aql: plan.aql,
        codeLetter: plan.codeLetter,
        planLetter: plan.planLetter,
        sampleSize: plan.sampleSize,
        acceptNumber: plan.acceptNumber,
        rejectNumber: plan.rejectNumber,
        inspected: 0,
        defectives: 0,
        units: sample.map((u) => u.serial_number),
        failedUnits: [],
      };
    });
  }

  /** The lot's latest inspection with the sampled units and their results. */
  async get(lotRef: string): Promise<InspectionDrawDto> {
    const lot = await loadLot(this.db.manager, lotRef);
    const [row] = await this.db.query<InspectionRow[]>(
      `${INSPECTION_SQL} WHERE i.lot_id = $1 ORDER BY i.drawn_at DESC LIMIT 1`,
      [lot.id],
    );
    if (!row) throw new NotFoundError('Inspection of export lot', lot.number);
    const units = await this.db.query<{ serial_number: string }[]>(
      'SELECT u.serial_number FROM lot_inspection_samples s JOIN units u ON u.id = s.unit_id WHERE s.inspection_id = $1 ORDER BY u.serial_number',
      [row.id],
    );
    return {
      ...toPlanDto(row),
      units: units.map((u) => u.serial_number),
      failedUnits: await failedStillPacked(this.db.manager, lot.id),
    };
  }

  /**
   * A result for a sampled unit. The defectives reaching Re rejects the lot (ON_HOLD); every
   * sampled unit inspected with defectives <= Ac accepts it.
   */
  async record(
    actor: Actor,
    lotRef: string,
    body: InspectionResultDto,
  ): Promise<InspectionPlanDto> {
    return this.db.transaction(async (tx) => {
      const lot = await loadLot(tx, lotRef, 'FOR UPDATE');
      const [inspection] = await tx.query<InspectionRow[]>(
        `${INSPECTION_SQL} WHERE i.lot_id = $1 ORDER BY i.drawn_at DESC LIMIT 1`,
        [lot.id],
      );
      if (!inspection)
        throw new LotStatusError(
          lot.number,
          lot.status,
          'no inspection has been drawn; draw the sample first.',
        );
      if (inspection.status !== 'IN_PROGRESS') {
        throw new ConflictError(
          'inspection-decided',
          `The inspection of export lot ${lot.number} is already ${inspection.status}.`,
          {
            lot: lot.number,
            inspectionStatus: inspection.status,
          },
        );
      }
      const unitId = await findUnitId(tx, body.unit);
      const [sample] = await tx.query<{ result: string | null; serial_number: string }[]>(
        `SELECT s.result, u.serial_number FROM lot_inspection_samples s JOIN units u ON u.id = s.unit_id
         WHERE s.inspection_id = $1 AND s.unit_id = $2 FOR UPDATE OF s`,
        [inspection.id, unitId],
      );
      if (!sample) {
        throw new ConflictError(
          'unit-not-sampled',
          `Unit ${body.unit} was not drawn in the sample of export lot ${lot.number}; inspect only the drawn units.`,
          {
            unit: body.unit,
            lot: lot.number,
          },
        );
      }
      if (sample.result) {
        throw new ConflictError(
          'unit-already-inspected',
          `Unit ${sample.serial_number} already has the result ${sample.result} in this inspection.`,
          {
            serialNumber: sample.serial_number,
            result: sample.result,
          },
        );
      }
      const defectCodes = body.result === 'FAIL' ? [...new Set(body.defectCodes ?? [])] : [];
      if (defectCodes.length > 0) {
        const known = await tx.query<{ code: string }[]>(
          'SELECT code FROM defect_codes WHERE code = ANY($1::text[])',
          [defectCodes],
        );
        const unknown = defectCodes.find((c) => !known.some((k) => k.code === c));
        if (unknown) throw new UnknownReferenceError('defectCodes', 'defect code', unknown);
      }
      await tx.query(
        'UPDATE lot_inspection_samples SET result = $3, defect_codes = $4, inspected_by = $5, inspected_at = now() WHERE inspection_id = $1 AND unit_id = $2',
        [inspection.id, unitId, body.result, defectCodes, actor.name],
      );
      await recordUnitEvents(tx, actor, [
        {
          unitId,
          type: 'OUTGOING_INSPECTION',
          fromStatus: null,
          toStatus: null,
          details: { lot: lot.number, result: body.result, defectCodes },
        },
      ]);
      const inspected = inspection.inspected + 1;
      const defectives = inspection.defectives + (body.result === 'FAIL' ? 1 : 0);
      const decision =
        defectives >= inspection.reject_number
          ? 'REJECTED'
          : inspected >= inspection.sample_size && defectives <= inspection.accept_number
            ? 'ACCEPTED'
            : null;
      await this.audit.record(tx, actor, 'export_lot', lot.id, 'INSPECTION_RESULT', null, {
        unit: sample.serial_number,
        result: body.result,
        defectCodes,
      });
      if (decision) await this.decide(tx, actor, lot, inspection.id, decision);
      return toPlanDto({
        ...inspection,
        status: decision ?? inspection.status,
        inspected,
        defectives,
      });
    });
  }

  private async decide(
    tx: EntityManager,
    actor: Actor,
    lot: LotRow,
    inspectionId: string,
    decision: 'ACCEPTED' | 'REJECTED',
  ): Promise<void> {
    const lotStatus = decision === 'ACCEPTED' ? 'ACCEPTED' : 'ON_HOLD';
    await tx.query('UPDATE lot_inspections SET status = $2, decided_at = now() WHERE id = $1', [
      inspectionId,
      decision,
    ]);
    await tx.query('UPDATE export_lots SET status = $2, updated_at = now() WHERE id = $1', [
      lot.id,
      lotStatus,
    ]);
    await this.audit.record(
      tx,
      actor,
      'export_lot',
      lot.id,
      `INSPECTION_${decision}`,
      { status: lot.status },
      { status: lotStatus },
    );
  }
}

function toPlanDto(row: InspectionRow): InspectionPlanDto {
  return {
    id: row.id,
    status: row.status,
    lotSize: row.lot_size,
    aql: Number(row.aql),
    codeLetter: row.code_letter,
    planLetter: row.plan_letter,
    sampleSize: row.sample_size,
    acceptNumber: row.accept_number,
    rejectNumber: row.reject_number,
    inspected: row.inspected,
    defectives: row.defectives,
  };
}
