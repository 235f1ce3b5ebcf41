import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PDFDocument from 'pdfkit';
import { DataSource, QueryRunner } from 'typeorm';
import { MM } from '@lt/labels';
import { LotRow } from './dto/export-lot.dto';
import { loadLot } from './lot-rows';
import { formatSscc } from './sscc';

export interface ManifestRow {
  pallet_sscc: string | null;
  carton_sscc: string;
  serial_number: string;
  imei1: string | null;
  imei2: string | null;
  brand: string;
  model: string;
  model_number: string;
}

/** Cartons per page of the keyset walk: about 1,000 units at 20 a carton. */
const CARTONS_PER_BATCH = 50;

export const MANIFEST_COLUMNS = [
  'lot_number',
  'pallet_sscc',
  'carton_sscc',
  'serial_number',
  'imei_1',
  'imei_2',
  'brand',
  'model',
  'model_number',
];

function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes with backpressure; fails when the client has gone, so the walk stops and frees its connection. */
async function write(sink: Writable, chunk: string | Buffer): Promise<void> {
  assertOpen(sink);
  if (sink.write(chunk)) return;
  // One signal for both waits, so the one that loses leaves no listener behind.
  const waiting = new AbortController();
  try {
    await Promise.race([
      once(sink, 'drain', { signal: waiting.signal }),
      once(sink, 'close', { signal: waiting.signal }),
    ]);
  } finally {
    waiting.abort();
  }
  assertOpen(sink);
}

function assertOpen(sink: Writable): void {
  if (sink.destroyed) throw new Error('manifest: the client closed the connection');
}

/**
 * The IMEI manifest (CSV) and the packing list (PDF) of a lot, written to a stream as they
 * are read: the lot's cartons are walked in SSCC order, CARTONS_PER_BATCH at a time (keyset
 * pagination on the (lot_id, sscc) index), inside one REPEATABLE READ read-only transaction
 * so every page sees the same lot. Memory stays at one batch whatever the lot's size.
 */
@Injectable()
export class ManifestService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async lot(ref: string): Promise<LotRow> {
    return loadLot(this.db.manager, ref);
  }

  async writeCsv(lot: LotRow, sink: Writable): Promise<void> {
    await write(sink, MANIFEST_COLUMNS.join(',') + '\r\n');
    await this.walk(lot, async (rows) => {
      let chunk = '';
      for (const r of rows) {
        chunk +=
          [
            lot.number,
            r.pallet_sscc,
            r.carton_sscc,
            r.serial_number,
            r.imei1,
            r.imei2,
            r.brand,
            r.model,
            r.model_number,
          ]
            .map(csvField)
            .join(',') + '\r\n';
      }
      await write(sink, chunk);
    });
    sink.end();
  }

  /** A summary page, then a page per carton with its units and IMEIs. */
  async writePdf(lot: LotRow, sink: Writable): Promise<void> {
    const summary = await this.summary(lot);
    const doc = new PDFDocument({
      size: 'A4',
      margin: 15 * MM,
      info: { Title: `Packing list ${lot.number}`, Producer: 'linetrack' },
    });
    doc.pipe(sink);
    // Settles on 'finish', and rejects when the client leaves first (the sink is destroyed).
    const sent = finished(sink);
    void sent.catch(() => undefined); // awaited at the end; the walk may throw before it
    doc.fontSize(18).text(`Packing list ${lot.number}`);
    doc.moveDown(0.5).fontSize(10);
    const lines: [string, string][] = [
      [
        'Status',
        lot.status === 'SEALED' || lot.status === 'SHIPPED'
          ? lot.status
          : `${lot.status} (draft: the lot is not sealed)`,
      ],
      ['Plant', `${summary.plant_code} ${summary.plant_name}`],
      ['Destination', lot.destination_country],
      ['Consignee', lot.consignee],
      ['Invoice', lot.invoice_number ?? '-'],
      ['Transport document', lot.transport_document ?? '-'],
      ['Shipped at', lot.shipped_at ? new Date(lot.shipped_at).toISOString() : '-'],
      ['Units', String(summary.units)],
      ['Cartons', String(summary.cartons)],
      ['Pallets', String(summary.pallets)],
      ['Outgoing inspection', summary.inspection ?? 'none'],
    ];
    for (const [label, value] of lines)
      doc
        .font('Helvetica-Bold')
        .text(`${label}: `, { continued: true })
        .font('Helvetica')
        .text(value);
    doc.moveDown().font('Helvetica-Bold').text('Units by model');
    doc.font('Helvetica');
    for (const m of summary.models)
      doc.text(`${m.brand} ${m.model} (${m.model_number}): ${m.units}`);
    doc.moveDown().font('Helvetica-Bold').text('Pallets');
    doc.font('Helvetica');
    for (const p of summary.pallet_list) doc.text(`${formatSscc(p.sscc)}: ${p.cartons} cartons`);

    let current: string | null = null;
    let rowsOnPage = 0;
    await this.walk(lot, (rows) => {
      assertOpen(sink); // the client left: stop reading the lot
      for (const r of rows) {
        if (r.carton_sscc !== current) {
          current = r.carton_sscc;
          rowsOnPage = 0;
          doc.addPage();
          doc
            .font('Helvetica-Bold')
            .fontSize(14)
            .text(`Carton ${formatSscc(r.carton_sscc)}`);
          doc
            .font('Helvetica')
            .fontSize(9)
            .text(
              `Lot ${lot.number}   Pallet ${r.pallet_sscc ? formatSscc(r.pallet_sscc) : '-'}   ${r.brand} ${r.model} (${r.model_number})`,
            );
          doc
            .moveDown(0.5)
            .font('Helvetica-Bold')
            .text('#    Serial number              IMEI 1             IMEI 2');
          doc.font('Courier');
        }
        rowsOnPage += 1;
        doc.text(
          `${String(rowsOnPage).padEnd(4)} ${r.serial_number.padEnd(26)} ${(r.imei1 ?? '').padEnd(18)} ${r.imei2 ?? ''}`,
        );
      }
      return Promise.resolve();
    });
    doc.end();
    await sent;
  }

  private async summary(lot: LotRow) {
    const [row] = await this.db.query<
      {
        plant_code: string;
        plant_name: string;
        units: number;
        cartons: number;
        pallets: number;
        inspection: string | null;
        models: { brand: string; model: string; model_number: string; units: number }[];
        pallet_list: { sscc: string; cartons: number }[];
      }[]
    >(
      `SELECT pl.code AS plant_code, pl.name AS plant_name,
              (SELECT count(*)::int FROM packed_units WHERE lot_id = $1) AS units,
              (SELECT count(*)::int FROM export_cartons WHERE lot_id = $1) AS cartons,
              (SELECT count(*)::int FROM export_pallets WHERE lot_id = $1) AS pallets,
              (SELECT format('%s: code letter %s, sample %s, Ac %s Re %s, AQL %s', i.status, i.code_letter, i.sample_size, i.accept_number, i.reject_number, i.aql::float8)
                 FROM lot_inspections i WHERE i.lot_id = $1 ORDER BY i.drawn_at DESC LIMIT 1) AS inspection,
              coalesce((SELECT json_agg(m) FROM (
                 SELECT dm.brand, dm.name AS model, dm.model_number, count(*)::int AS units
                 FROM packed_units p JOIN units u ON u.id = p.unit_id JOIN device_models dm ON dm.id = u.device_model_id
                 WHERE p.lot_id = $1 GROUP BY dm.id ORDER BY dm.brand, dm.name) m), '[]') AS models,
              coalesce((SELECT json_agg(x ORDER BY x.sscc) FROM (
                 SELECT p.sscc, (SELECT count(*)::int FROM export_cartons c WHERE c.pallet_id = p.id) AS cartons
                 FROM export_pallets p WHERE p.lot_id = $1) x), '[]') AS pallet_list
       FROM plants pl WHERE pl.id = $2`,
      [lot.id, lot.plant_id],
    );
    return row;
  }

  /** Calls `each` with the lot's units, one batch of cartons at a time, in carton then serial order. */
  private async walk(lot: LotRow, each: (rows: ManifestRow[]) => Promise<void>): Promise<void> {
    const runner: QueryRunner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      let after = '';
      for (;;) {
        // Empty cartons come back as one row without a serial: they move the keyset on.
        const rows = (await runner.query(
          `WITH c AS (
             SELECT id, sscc, pallet_id FROM export_cartons WHERE lot_id = $1 AND sscc > $2 ORDER BY sscc LIMIT $3)
           SELECT p.sscc AS pallet_sscc, c.sscc AS carton_sscc, u.serial_number,
                  (SELECT i.imei FROM imeis i WHERE i.unit_id = u.id AND i.slot = 1) AS imei1,
                  (SELECT i.imei FROM imeis i WHERE i.unit_id = u.id AND i.slot = 2) AS imei2,
                  m.brand, m.name AS model, m.model_number
           FROM c LEFT JOIN packed_units pu ON pu.carton_id = c.id
           LEFT JOIN units u ON u.id = pu.unit_id
           LEFT JOIN device_models m ON m.id = u.device_model_id
           LEFT JOIN export_pallets p ON p.id = c.pallet_id
           ORDER BY c.sscc, u.serial_number`,
          [lot.id, after, CARTONS_PER_BATCH],
        )) as (Omit<ManifestRow, 'serial_number'> & { serial_number: string | null })[];
        if (rows.length === 0) break;
        const units = rows.filter((r): r is ManifestRow => r.serial_number !== null);
        if (units.length > 0) await each(units);
        after = rows[rows.length - 1].carton_sscc;
      }
      await runner.query('COMMIT');
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}
