import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SimDatabase } from '../db/sim-database';
import { TacStore } from '../core/tac-store';
import { DEREG_NOT_FOUND, DrsError, RETRIEVE_FAILED, unprocessable } from '../http/drs-error';
import { Processor } from '../processing/processor';
import { parseImeiLines } from '../tsv-file';
import { validateDeregistrationForm } from '../validation/deregistration-form';
import { deregistrationFileErrors } from '../validation/imei-file-rules';
import { fieldText } from '../validation/text-rules';
import { DeregDetailsRow, deregDetailsJson, toId } from './drs-format';
import { FormBody, partNamed, UploadedPart } from './uploaded-part';

const DEVICE_KEYS = [
  'tac',
  'model_name',
  'brand_name',
  'model_num',
  'technology',
  'device_type',
  'count',
  'operating_system',
] as const;
const na = (value: string | null | undefined) =>
  value === null || value === undefined || value === '' ? 'N/A' : value;

interface DeviceGroup {
  tac: string;
  model_name: string;
  brand_name: string;
  model_num: string;
  technology: string;
  device_type: string;
  count: number;
  operating_system: string;
}

/** 1.6 and 1.7: de-registration requests and their devices step. */
@Injectable()
export class DeregistrationService {
  constructor(
    private readonly db: SimDatabase,
    private readonly tacs: TacStore,
    private readonly processor: Processor,
  ) {}

  async create(
    body: FormBody,
    parts: UploadedPart[] | undefined,
  ): Promise<Record<string, unknown>> {
    const upload = partNamed(parts, 'file');
    const form = validateDeregistrationForm(body, upload?.originalname);
    if (!form.ok) throw unprocessable(form.errors);
    if (upload!.size === 0) throw unprocessable({ size: ['The file should not be Empty'] });
    const imeis = parseImeiLines(upload!.buffer.toString('utf8'));
    const errors = deregistrationFileErrors(imeis, form.value.deviceCount);
    if (errors) throw unprocessable(errors);
    const devices = await this.groupByTac(imeis);
    const { userId, userName, deviceCount, reason } = form.value;
    const created = await this.db.transaction(async (client) => {
      const inserted = await client.query<DeregDetailsRow>(
        `INSERT INTO dereg_details (tracking_id, user_id, user_name, device_count, reason, file)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [randomUUID(), userId, userName, deviceCount, reason, upload!.originalname],
      );
      const dereg = inserted.rows[0];
      await client.query(
        `INSERT INTO dereg_imeis (dereg_id, line_no, imei) SELECT $1, n, i FROM unnest($2::text[]) WITH ORDINALITY AS t(i, n)`,
        [dereg.id, imeis],
      );
      return dereg;
    });
    return { request: deregDetailsJson(created), devices };
  }

  async get(rawId: unknown): Promise<DeregDetailsRow | undefined> {
    const id = toId(rawId);
    return id === undefined
      ? undefined
      : this.db.one<DeregDetailsRow>('SELECT * FROM dereg_details WHERE id = $1', [id]);
  }

  async listDevices(rawId: unknown): Promise<Record<string, unknown>[]> {
    const dereg = await this.get(rawId);
    if (!dereg) throw unprocessable(DEREG_NOT_FOUND);
    return this.db
      .query('SELECT * FROM dereg_devices WHERE dereg_id = $1 ORDER BY id', [dereg.id])
      .then((rows) => rows.map(deviceJson));
  }

  async addDevices(body: FormBody): Promise<Record<string, unknown>> {
    const dereg = await this.get(fieldText(body, 'dereg_id'));
    if (!dereg) throw unprocessable(DEREG_NOT_FOUND);
    if (dereg.status_label !== 'New Request') {
      throw unprocessable({ status: ['This step can only be performed for New Request'] });
    }
    const userId = fieldText(body, 'user_id');
    if (userId === undefined) throw unprocessable({ user_id: ['User Id is required'] });
    if (userId !== dereg.user_id)
      throw unprocessable({ user_id: ['Permission denied for this request'] });
    const devicesText = fieldText(body, 'devices');
    if (devicesText === undefined)
      throw unprocessable({ devices: ['Missing data for required field.'] });
    const devices = parseDevices(devicesText);
    const tacs = devices.map((d) => String(d.tac));
    const notRegistered = await this.db.query<{ norm: string }>(
      `SELECT left(i.imei, 14) AS norm FROM dereg_imeis i
         LEFT JOIN approved_imeis a ON a.imei_norm = left(i.imei, 14)
        WHERE i.dereg_id = $1 AND left(i.imei, 8) = ANY($2::text[]) AND (a.status IS NULL OR a.status <> 'whitelist')
        ORDER BY i.line_no`,
      [dereg.id, tacs],
    );
    if (notRegistered.length > 0)
      throw unprocessable({ not_registered_imeis: notRegistered.map((r) => r.norm) });
    const stored = await this.db.transaction(async (client) => {
      const locked = await client.query(
        `UPDATE dereg_details SET status_label = 'Pending Review', processing_status_label = 'Processing',
           updated_at = clock_timestamp() WHERE id = $1 AND status_label = 'New Request' RETURNING id`,
        [dereg.id],
      );
      if (locked.rowCount === 0)
        throw unprocessable({ status: ['This step can only be performed for New Request'] });
      const columns = DEVICE_KEYS.map((key) => devices.map((d) => String(d[key])));
      const inserted = await client.query(
        `INSERT INTO dereg_devices (dereg_id, ${DEVICE_KEYS.join(', ')})
         SELECT $1, t.tac, t.model_name, t.brand_name, t.model_num, t.technology, t.device_type, t.count::int, t.operating_system
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
             AS t(tac, model_name, brand_name, model_num, technology, device_type, count, operating_system)
         RETURNING *`,
        [dereg.id, ...columns],
      );
      return inserted.rows;
    });
    this.processor.schedule('deregistration', dereg.id);
    return { devices: stored.sort((a, b) => a.id - b.id).map(deviceJson), dreg_id: dereg.id };
  }

  /** Core TAC batch view of the file: unknown TACs silently left out, absent GSMA values "N/A". */
  private async groupByTac(imeis: string[]): Promise<DeviceGroup[]> {
    const counts = new Map<string, number>();
    for (const imei of imeis) counts.set(imei.slice(0, 8), (counts.get(imei.slice(0, 8)) ?? 0) + 1);
    const known = await this.tacs.find([...counts.keys()]);
    return [...counts.keys()].sort().flatMap((tac) => {
      const gsma = known.get(tac);
      if (!gsma) return [];
      return [
        {
          tac,
          model_name: na(gsma.model_name),
          brand_name: na(gsma.brand_name),
          model_num: na(gsma.internal_model_name),
          technology: na(gsma.radio_interface),
          device_type: na(gsma.device_type),
          count: counts.get(tac)!,
          operating_system: na(gsma.operating_system),
        },
      ];
    });
  }
}

function parseDevices(text: string): Record<(typeof DEVICE_KEYS)[number], unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DrsError(500, RETRIEVE_FAILED);
  }
  if (!Array.isArray(parsed)) throw new DrsError(500, RETRIEVE_FAILED);
  const errors: Record<string, Record<string, string[]>> = {};
  parsed.forEach((device: unknown, index) => {
    const item = (device && typeof device === 'object' ? device : {}) as Record<string, unknown>;
    for (const key of DEVICE_KEYS) {
      if (item[key] === undefined || item[key] === null || item[key] === '') {
        (errors[String(index)] ??= {})[key] = [`${key} is a required field`];
      }
    }
    if (item.count !== undefined && !/^\d+$/.test(String(item.count))) {
      (errors[String(index)] ??= {}).count = ['Not a valid integer.'];
    }
  });
  if (Object.keys(errors).length > 0) throw unprocessable({ devices: errors });
  return parsed as Record<(typeof DEVICE_KEYS)[number], unknown>[];
}

function deviceJson(row: Record<string, any>): Record<string, unknown> {
  return {
    id: row.id,
    tac: row.tac,
    model_name: row.model_name,
    brand_name: row.brand_name,
    model_num: row.model_num,
    technology: row.technology,
    device_type: row.device_type,
    count: row.count,
    operating_system: row.operating_system,
  };
}
