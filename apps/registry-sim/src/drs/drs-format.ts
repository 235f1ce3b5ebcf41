/** Where DRS would keep uploads; only ever appears inside paths the sim hands out and parses back. */
export const UPLOAD_DIR = '/var/www/drs/uploads';

/** DRS `status` table ids as seeded (`scripts/db/seeders.py`). */
export const STATUS_IDS: Record<string, number> = {
  'New Request': 1,
  'Awaiting Documents': 2,
  'Pending Review': 3,
  'In Review': 4,
  'Information Requested': 5,
  Approved: 6,
  Rejected: 7,
  Closed: 8,
  Failed: 9,
  Processed: 10,
  Processing: 11,
};

/** Python's datetime.isoformat() of an aware UTC timestamp, as marshmallow dumps it. */
export function isoformat(value: Date | null | undefined): string | null {
  if (!value) return null;
  return value.toISOString().replace('Z', '000+00:00');
}

export const uploadPath = (trackingId: string, name: string) =>
  `${UPLOAD_DIR}/${trackingId}/${name}`;

export const isDigits = (value: unknown): value is string =>
  typeof value === 'string' && /^\d+$/.test(value);

/** Ids beyond int4 can never exist; treat them as unknown instead of letting pg fail. */
export const toId = (value: unknown): number | undefined =>
  isDigits(value) && value.length < 10 ? Number(value) : undefined;

export interface RegDetailsRow {
  id: number;
  tracking_id: string;
  user_id: string;
  user_name: string;
  device_count: number;
  imei_per_device: number;
  m_location: string;
  file: string | null;
  imeis: string | null;
  msisdn: string | null;
  network: string | null;
  status_label: string;
  processing_status_label: string;
  report_status_label: string;
  report: string | null;
  report_allowed: boolean;
  duplicate_imeis: string[] | null;
  duplicate_imeis_file: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface RegDeviceRow {
  id: number;
  reg_details_id: number;
  brand: string;
  model_name: string;
  model_num: string;
  operating_system: string;
  device_type: string;
  technologies: string[];
}

export interface DeregDetailsRow {
  id: number;
  tracking_id: string;
  user_id: string;
  user_name: string;
  device_count: number;
  reason: string;
  file: string | null;
  status_label: string;
  processing_status_label: string;
  report_status_label: string;
  report: string | null;
  report_allowed: boolean;
  created_at: Date;
  updated_at: Date;
}

export function regDetailsJson(row: RegDetailsRow): Record<string, unknown> {
  return {
    id: row.id,
    tracking_id: row.tracking_id,
    user_id: row.user_id,
    user_name: row.user_name,
    device_count: row.device_count,
    imei_per_device: row.imei_per_device,
    m_location: row.m_location,
    file: row.file,
    file_link: row.file ? uploadPath(row.tracking_id, row.file) : null,
    imeis: row.imeis,
    status_label: row.status_label,
    processing_status_label: row.processing_status_label,
    report_status_label: row.report_status_label,
    report: row.report,
    report_allowed: row.report_allowed,
    reviewer_id: null,
    reviewer_name: null,
    duplicate_imeis_file: row.duplicate_imeis_file,
    msisdn: row.msisdn,
    network: row.network,
    created_at: isoformat(row.created_at),
    updated_at: isoformat(row.updated_at),
  };
}

export function regDeviceJson(row: RegDeviceRow, userId?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: String(row.id),
    reg_details_id: row.reg_details_id,
    brand: row.brand,
    model_name: row.model_name,
    model_num: row.model_num,
    operating_system: row.operating_system,
    device_type: row.device_type,
    technologies: row.technologies,
  };
  if (userId !== undefined) out.user_id = userId;
  return out;
}

export function deregDetailsJson(row: DeregDetailsRow): Record<string, unknown> {
  return {
    id: row.id,
    tracking_id: row.tracking_id,
    user_id: row.user_id,
    user_name: row.user_name,
    device_count: row.device_count,
    reason: row.reason,
    file: row.file,
    file_link: row.file ? uploadPath(row.tracking_id, row.file) : null,
    status_label: row.status_label,
    processing_status_label: row.processing_status_label,
    report_status_label: row.report_status_label,
    report: row.report,
    report_allowed: row.report_allowed,
    reviewer_id: null,
    reviewer_name: null,
    invalid_imeis_file: null,
    created_at: isoformat(row.created_at),
    updated_at: isoformat(row.updated_at),
  };
}
