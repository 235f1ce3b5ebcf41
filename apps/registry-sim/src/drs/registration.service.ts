import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SimDatabase } from '../db/sim-database';
import { DrsError, REG_NOT_FOUND, unprocessable } from '../http/drs-error';
import { parseImeiTable } from '../tsv-file';
import { registrationFileErrors } from '../validation/imei-file-rules';
import { validateRegistrationForm } from '../validation/registration-form';
import { fieldText } from '../validation/text-rules';
import { RegDetailsRow, RegDeviceRow, regDetailsJson, regDeviceJson, toId } from './drs-format';
import { FormBody, partNamed, UploadedPart } from './uploaded-part';

const CLOSE_REFUSED = ['Approved', 'In Review', 'Rejected'];

/** 1.1, 1.3 and 1.5: creating, reading and closing registration requests. */
@Injectable()
export class RegistrationService {
  constructor(private readonly db: SimDatabase) {}

  async create(
    body: FormBody,
    parts: UploadedPart[] | undefined,
  ): Promise<Record<string, unknown>> {
    const upload = partNamed(parts, 'file');
    const form = validateRegistrationForm(body, upload?.originalname);
    if (!form.ok) throw unprocessable(form.errors);
    const input = form.value;
    let rows = input.inlineRows;
    if (upload) {
      if (upload.size === 0) throw unprocessable({ size: ['The file should not be Empty'] });
      const table = parseImeiTable(upload.buffer.toString('utf8'));
      const errors = registrationFileErrors(table, input.deviceCount, input.imeiPerDevice);
      if (errors) throw unprocessable(errors);
      rows = table.rows as string[][];
    }
    const cells = flatten(rows!);
    // file is varchar(30) as in DRS: a longer name fails here with the endpoint's 500, nothing stored.
    const created = await this.db.transaction(async (client) => {
      const inserted = await client.query<RegDetailsRow>(
        `INSERT INTO reg_details (tracking_id, user_id, user_name, device_count, imei_per_device, m_location, file, imeis, msisdn, network)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [
          randomUUID(),
          input.userId,
          input.userName,
          input.deviceCount,
          input.imeiPerDevice,
          input.mLocation,
          upload?.originalname ?? null,
          input.imeisText ?? null,
          input.msisdn ?? null,
          input.network ?? null,
        ],
      );
      const reg = inserted.rows[0];
      await client.query(
        `INSERT INTO reg_imeis (reg_id, row_no, col_no, imei)
         SELECT $1, r, c, i FROM unnest($2::int[], $3::int[], $4::text[]) AS t(r, c, i)`,
        [reg.id, cells.rowNos, cells.colNos, cells.imeis],
      );
      return reg;
    });
    return regDetailsJson(created);
  }

  async get(rawId: unknown): Promise<RegDetailsRow> {
    const id = toId(rawId);
    const row =
      id === undefined
        ? undefined
        : await this.db.one<RegDetailsRow>('SELECT * FROM reg_details WHERE id = $1', [id]);
    if (!row) throw unprocessable(REG_NOT_FOUND);
    return row;
  }

  async list(): Promise<Record<string, unknown>[]> {
    const rows = await this.db.query<RegDetailsRow>(
      'SELECT * FROM reg_details ORDER BY created_at DESC, id DESC',
    );
    return rows.map(regDetailsJson);
  }

  async device(rawId: unknown): Promise<Record<string, unknown>> {
    const reg = await this.get(rawId);
    const device = await this.db.one<RegDeviceRow>(
      'SELECT * FROM reg_device WHERE reg_details_id = $1',
      [reg.id],
    );
    return device ? regDeviceJson(device) : {};
  }

  async sections(rawId: unknown): Promise<Record<string, unknown>> {
    const reg = await this.get(rawId);
    return { reg_details: regDetailsJson(reg), reg_device: await this.device(rawId), reg_docs: [] };
  }

  /** 1.5; only `close_request=True` is supported (DRS's file re-upload through PUT is not). */
  async close(body: FormBody): Promise<Record<string, unknown>> {
    const reg = await this.get(fieldText(body, 'reg_id'));
    if (fieldText(body, 'user_id') !== reg.user_id) {
      throw unprocessable({ user_id: ['Permission denied for this request.'] });
    }
    if (!/^true$/i.test(fieldText(body, 'close_request') ?? '')) return regDetailsJson(reg);
    if (reg.status_label === 'Closed')
      throw unprocessable({ message: ['The request status is already Closed'] });
    if (CLOSE_REFUSED.includes(reg.status_label)) {
      throw unprocessable({
        message: [`The request status is ${reg.status_label}, which cannot be Closed`],
      });
    }
    const closed = await this.db.one<RegDetailsRow>(
      `UPDATE reg_details SET status_label = 'Closed', updated_at = clock_timestamp() WHERE id = $1 RETURNING *`,
      [reg.id],
    );
    if (!closed) throw new DrsError(500, REG_NOT_FOUND);
    return regDetailsJson(closed);
  }
}

function flatten(rows: string[][]): { rowNos: number[]; colNos: number[]; imeis: string[] } {
  const rowNos: number[] = [];
  const colNos: number[] = [];
  const imeis: string[] = [];
  rows.forEach((row, r) =>
    row.forEach((imei, c) => {
      rowNos.push(r);
      colNos.push(c);
      imeis.push(imei);
    }),
  );
  return { rowNos, colNos, imeis };
}
