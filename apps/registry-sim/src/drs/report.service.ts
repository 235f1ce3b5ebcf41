import { Injectable } from '@nestjs/common';
import { SimDatabase } from '../db/sim-database';
import { TacStore } from '../core/tac-store';
import { DrsError, REPORT_NOT_ALLOWED, REPORT_NOT_FOUND, unprocessable } from '../http/drs-error';
import { toId, UPLOAD_DIR } from './drs-format';

export interface DownloadFile {
  name: string;
  contentType: string;
  content: string;
}

const REPORT_PARAMS = ['user_type', 'request_type', 'request_id', 'user_id'];

/** The two download routes; contents are computed from the tables on request, nothing on disk. */
@Injectable()
export class ReportService {
  constructor(
    private readonly db: SimDatabase,
    private readonly tacs: TacStore,
  ) {}

  /** `GET /api/v1/report/download` (`resources/reports.py`). */
  async report(query: Record<string, unknown>): Promise<DownloadFile> {
    for (const name of REPORT_PARAMS) {
      if (query[name] === undefined || query[name] === '')
        throw unprocessable({ error: [`${name} is required`] });
    }
    const table =
      query.request_type === 'registration_request'
        ? 'reg_details'
        : query.request_type === 'de_registration_request'
          ? 'dereg_details'
          : undefined;
    const id = toId(query.request_id);
    const request =
      table && id !== undefined
        ? await this.db.one<{ user_id: string; report: string | null; report_allowed: boolean }>(
            `SELECT user_id, report, report_allowed FROM ${table} WHERE id = $1`,
            [id],
          )
        : undefined;
    if (!request || !request.report) throw unprocessable(REPORT_NOT_FOUND);
    if (request.user_id !== query.user_id || !request.report_allowed)
      throw unprocessable(REPORT_NOT_ALLOWED);
    const imeis = await this.db.query<{ norm: string }>(
      table === 'reg_details'
        ? 'SELECT DISTINCT ON (left(imei, 14)) left(imei, 14) AS norm, row_no, col_no FROM reg_imeis WHERE reg_id = $1 ORDER BY left(imei, 14), row_no, col_no'
        : 'SELECT DISTINCT ON (left(imei, 14)) left(imei, 14) AS norm, line_no FROM dereg_imeis WHERE dereg_id = $1 ORDER BY left(imei, 14), line_no',
      [id],
    );
    const known = await this.tacs.find(imeis.map((i) => i.norm.slice(0, 8)));
    const rows = imeis.map((i) => ({
      imei: i.norm,
      status: known.has(i.norm.slice(0, 8)) ? 'Compliant (Inactive)' : 'Non compliant',
      reason: known.has(i.norm.slice(0, 8)) ? '' : 'GSMA not found',
    }));
    const withReasons = rows.some((r) => r.reason !== '');
    const lines = [withReasons ? '\timei\tstatus\tinactivity_reasons' : '\timei\tstatus'];
    rows.forEach((r, index) =>
      lines.push(
        withReasons
          ? `${index}\t${r.imei}\t${r.status}\t${r.reason}`
          : `${index}\t${r.imei}\t${r.status}`,
      ),
    );
    return {
      name: `user_report-${request.report}`,
      contentType: 'text/tab-separated-values',
      content: `${lines.join('\n')}\n`,
    };
  }

  /** `GET /api/v1/files/download?path=` (`resources/common.py`): duplicated_imeis.txt and the uploads. */
  async file(path: unknown): Promise<DownloadFile> {
    if (typeof path !== 'string' || path === '')
      throw unprocessable({ error: ['path cannot be empty'] });
    const notFound = new DrsError(400, { error: ['file not found or bad file path'] });
    const match = path.startsWith(`${UPLOAD_DIR}/`)
      ? /^([0-9a-f-]{36})\/([^/]+)$/.exec(path.slice(UPLOAD_DIR.length + 1))
      : null;
    if (!match) throw notFound;
    const [, trackingId, name] = match;
    const reg = await this.db.one<{
      id: number;
      file: string | null;
      duplicate_imeis: string[] | null;
      duplicate_imeis_file: string | null;
    }>(
      'SELECT id, file, duplicate_imeis, duplicate_imeis_file FROM reg_details WHERE tracking_id::text = $1',
      [trackingId],
    );
    if (reg && name === 'duplicated_imeis.txt' && reg.duplicate_imeis_file === path) {
      return {
        name,
        contentType: 'text/plain',
        content: (reg.duplicate_imeis ?? []).map((imei) => `${imei}\n`).join(''),
      };
    }
    if (reg && name === reg.file) {
      const rows = await this.db.query<{ line: string }>(
        `SELECT string_agg(imei, E'\\t' ORDER BY col_no) AS line FROM reg_imeis WHERE reg_id = $1 GROUP BY row_no ORDER BY row_no`,
        [reg.id],
      );
      return {
        name,
        contentType: 'text/tab-separated-values',
        content: rows.map((r) => `${r.line}\n`).join(''),
      };
    }
    const dereg = await this.db.one<{ id: number; file: string | null }>(
      'SELECT id, file FROM dereg_details WHERE tracking_id::text = $1',
      [trackingId],
    );
    if (dereg && name === dereg.file) {
      const rows = await this.db.query<{ imei: string }>(
        'SELECT imei FROM dereg_imeis WHERE dereg_id = $1 ORDER BY line_no',
        [dereg.id],
      );
      return { name, contentType: 'text/plain', content: rows.map((r) => `${r.imei}\n`).join('') };
    }
    throw notFound;
  }
}
