import { Injectable } from '@nestjs/common';
import { SimDatabase } from '../db/sim-database';
import { isoformat, STATUS_IDS } from './drs-format';

type Args = Record<string, unknown>;

/** Text columns of DRS's `search_registration` view matched with ILIKE '%v%'. */
const TEXT_COLUMNS: Record<string, string> = {
  tracking_id: 'd.tracking_id::text',
  user_name: 'd.user_name',
  status: 'd.status_label',
  brand: 'v.brand',
  model_name: 'v.model_name',
  model_num: 'v.model_num',
  operating_system: 'v.operating_system',
  device_type: 'v.device_type',
  m_location: 'd.m_location',
  imei_per_device: 'd.imei_per_device::text',
};

class SearchFailed extends Error {}

export interface SearchAnswer {
  status: number;
  body: unknown;
}

/** 1.8, `resources/search.py` + `helpers/search_registration.py`, registration requests only. */
@Injectable()
export class SearchService {
  constructor(private readonly db: SimDatabase) {}

  async search(payload: Args): Promise<SearchAnswer> {
    const base = {
      start: payload.start ?? 1,
      previous: '',
      next: '',
      requests: [],
      count: 0,
      limit: payload.limit ?? 2,
      message: '',
    };
    const specs = payload.search_specs as Args | undefined;
    if (specs === undefined || specs === null || typeof specs !== 'object') {
      return { status: 404, body: { ...base, message: 'No data found' } };
    }
    if (!('group' in specs) || !('request_type' in specs) || !('user_id' in specs)) {
      return { status: 404, body: { ...base, message: 'Search Specs attributes missing!' } };
    }
    const group = specs.group;
    const registration =
      ['importer', 'individual', 'reviewer'].includes(String(group)) && specs.request_type === 1;
    if (!registration) {
      const known = ['importer', 'individual', 'reviewer', 'exporter'].includes(String(group));
      return {
        status: 200,
        body: { ...base, message: known ? 'Request type not found!' : 'No Data Found' },
      };
    }
    const start = typeof payload.start === 'number' && payload.start >= 1 ? payload.start : 1;
    const limit = typeof payload.limit === 'number' && payload.limit >= 1 ? payload.limit : 10;
    const args = (payload.search_args ?? {}) as Args;
    try {
      const rows = await this.query(String(group), specs, args);
      if (rows.length === 0) {
        // DRS returns nothing at all (JSON null) for an empty search with no requests.
        if (Object.keys(args).length === 0) return { status: 200, body: null };
        return {
          status: 200,
          body: { start, previous: '', next: '', requests: [], count: 0, limit },
        };
      }
      if (start > rows.length) throw new SearchFailed();
      const count = rows.length;
      const previous =
        start === 1 ? '' : `/search?start=${Math.max(1, start - limit)}&limit=${start - 1}`;
      const next = start + limit > count ? '' : `/search?start=${start + limit}&limit=${limit}`;
      const requests = rows.slice(start - 1, start - 1 + limit).map(formatRow);
      return { status: 200, body: { start, limit, count, previous, next, requests } };
    } catch {
      return {
        status: 404,
        body: {
          start,
          previous: '',
          next: '',
          requests: [],
          count: 0,
          limit,
          message: 'Not Found',
        },
      };
    }
  }

  private async query(group: string, specs: Args, args: Args): Promise<Record<string, any>[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (group === 'reviewer')
      where.push(`d.status_label NOT IN ('New Request', 'Awaiting Documents', 'Closed')`);
    else if (specs.user_id) where.push(`d.user_id = ${param(String(specs.user_id))}`);
    else throw new SearchFailed();
    for (const [key, value] of Object.entries(args)) {
      if (key === 'created_at' || key === 'updated_at') {
        const [from, to] = String(value).split(',');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(from ?? '') || !/^\d{4}-\d{2}-\d{2}$/.test(to ?? ''))
          throw new SearchFailed();
        where.push(
          `d.${key} BETWEEN ${param(from)}::timestamp AND ${param(to)}::timestamp + interval '23:59:59'`,
        );
      } else if (key === 'id') {
        if (!/^\d{1,9}$/.test(String(value))) throw new SearchFailed();
        where.push(`d.id = ${param(Number(value))}`);
      } else if (key === 'device_count') {
        where.push(`d.device_count::text = ${param(String(value))}`);
      } else if (key === 'imeis') {
        const values = Array.isArray(value) ? value.map(String) : [];
        if (values.length === 0) throw new SearchFailed();
        where.push(
          `d.processing_status_label = 'Processed' AND EXISTS (SELECT 1 FROM reg_imeis i WHERE i.reg_id = d.id AND i.imei LIKE ANY(${param(values.map((v) => `%${v}%`))}::text[]))`,
        );
      } else if (key === 'technologies') {
        const values = Array.isArray(value) ? value.map(String) : [String(value)];
        where.push(
          `array_to_string(v.technologies, ', ') ILIKE ANY(${param(values.map((v) => `%${v}%`))}::text[])`,
        );
      } else if (TEXT_COLUMNS[key]) {
        where.push(`${TEXT_COLUMNS[key]} ILIKE ${param(`%${String(value)}%`)}`);
      } else {
        throw new SearchFailed();
      }
    }
    return this.db.query(
      `SELECT d.*, v.brand, v.model_name, v.operating_system, v.device_type, array_to_string(v.technologies, ', ') AS technologies,
              CASE WHEN d.processing_status_label = 'Processed'
                   THEN (SELECT string_agg(i.imei, ', ' ORDER BY i.row_no, i.col_no) FROM reg_imeis i WHERE i.reg_id = d.id) END AS imei_list
         FROM reg_details d LEFT JOIN reg_device v ON v.reg_details_id = d.id
        WHERE ${where.join(' AND ')}
        ORDER BY d.updated_at DESC, d.id DESC`,
      params,
    );
  }
}

/** `format_response`, quirks included: swapped *_label ids, ", "-split IMEIs, string device_count. */
function formatRow(d: Record<string, any>): Record<string, unknown> {
  return {
    id: d.id,
    tracking_id: d.tracking_id,
    status: d.status_label,
    report: d.report,
    report_status_label: STATUS_IDS[d.processing_status_label],
    processing_status_label: STATUS_IDS[d.report_status_label],
    request_type: 1,
    created_at: isoformat(d.created_at),
    updated_at: isoformat(d.updated_at),
    creator: { user_id: d.user_id, user_name: d.user_name },
    reviewer: { user_id: 'N/A', user_name: 'N/A' },
    device_details: {
      brand: d.brand || 'N/A',
      model_name: d.model_name || 'N/A',
      operating_system: d.operating_system || 'N/A',
      device_type: d.device_type || 'N/A',
      imeis: d.imei_list ? String(d.imei_list).split(',') : 'N/A',
      device_count: String(d.device_count),
      technologies: d.technologies || 'N/A',
    },
  };
}
