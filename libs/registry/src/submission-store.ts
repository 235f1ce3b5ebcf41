/**
 * What the push processor reads and writes in PostgreSQL, as a narrow interface so its
 * decisions can be unit-tested with an in-memory fake. SubmissionsRepository implements it.
 */

export const SUBMISSION_KINDS = ['REGISTER', 'DEREGISTER'] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

export const SUBMISSION_STATES = [
  'QUEUED',
  'CREATING',
  'CREATED',
  'DEVICE_SENT',
  'APPROVED',
  'REJECTED',
  'CLOSED',
  'CANCELLED',
  'FAILED',
] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

/** Submissions whose units are not resolved yet (FAILED is parked: only an administrator resumes it). */
export const LIVE_STATES: readonly SubmissionState[] = [
  'QUEUED',
  'CREATING',
  'CREATED',
  'DEVICE_SENT',
];

export interface SubmissionRecord {
  id: string;
  deviceModelId: string;
  kind: SubmissionKind;
  state: SubmissionState;
  fileName: string;
  regId: number | null;
  trackingId: string | null;
  createStartedAt: Date | null;
  deviceSentAt: Date | null;
  failuresInARow: number;
  /** DEREGISTER: the reason DRS asks for (e.g. "Export to AE"). */
  reason?: string | null;
  /** DEREGISTER: the `devices` array of DRS's 1.6 answer, sent back in the devices step. */
  deregDevices?: DeregDevice[] | null;
}

/** One item of DRS's 1.6 `devices` answer (IMEIs of the file grouped per TAC). */
export type DeregDevice = Record<string, unknown>;

export interface SubmissionUnit {
  unitId: string;
  serialNumber: string;
  /** In slot order: the TSV row. */
  imeis: string[];
}

export interface ModelInfo {
  id: string;
  brand: string;
  name: string;
  modelNumber: string;
  operatingSystem: string | null;
  deviceType: string;
  technologies: string[];
  imeisPerDevice: number;
}

export interface UnitVerdict {
  unitId: string;
  reason: string;
}

/** How a submission ends: which units are registered, rejected, or go on in a new submission. */
export interface Resolution {
  state: Extract<SubmissionState, 'APPROVED' | 'REJECTED' | 'CLOSED' | 'CANCELLED'>;
  registryStatus?: string | null;
  registered?: string[];
  rejected?: UnitVerdict[];
  requeue?: string[];
  /** Units that leave the submission with their registry status unchanged, the reason noted (a refused de-registration). */
  released?: UnitVerdict[];
  note?: string;
}

export interface StepRecord {
  step: string;
  outcome: string;
  httpStatus?: number | null;
  detail?: Record<string, unknown> | null;
}

export interface SubmissionStore {
  /** Takes the submission's lease; 'busy' while another run holds it, null if unknown. */
  acquire(id: string, owner: string, leaseMs: number): Promise<SubmissionRecord | 'busy' | null>;
  /**
   * Extends the lease only while this run still holds it: false once another run has taken
   * it, even if that run has released it since (its work is then not this run's to repeat).
   */
  renew(id: string, owner: string, leaseMs: number): Promise<boolean>;
  release(id: string, owner: string): Promise<void>;
  liveUnits(id: string): Promise<SubmissionUnit[]>;
  model(deviceModelId: string): Promise<ModelInfo>;
  step(id: string, step: StepRecord): Promise<void>;
  /** Pre-check verdicts: these units leave the submission REJECTED with their reasons. */
  holdBack(id: string, verdicts: UnitVerdict[]): Promise<void>;
  /** Before the first create call: the intent is recorded, so a crash after it triggers a lookup. */
  markCreating(id: string, deviceCount: number): Promise<void>;
  /** The registry's request id (for DEREGISTER the de-registration id, with 1.6's `devices`). */
  recordCreated(
    id: string,
    regId: number,
    trackingId: string,
    deregDevices?: DeregDevice[],
  ): Promise<void>;
  markDeviceSent(id: string, registryStatus: string): Promise<void>;
  /** Resolves the submission and its units in one transaction; returns the new submission's id, if any. */
  resolve(id: string, resolution: Resolution): Promise<string | null>;
  /** Counts a failed try; the submission becomes FAILED after `maxInARow` failures in a row. */
  recordFailure(
    id: string,
    message: string,
    maxInARow: number,
  ): Promise<{ failed: boolean; failuresInARow: number }>;
  /** Parks the submission as FAILED at once (retrying cannot fix it). */
  fail(id: string, message: string): Promise<void>;
  /** Which of these requests a registration submission other than `exceptId` has recorded. */
  knownRegIds(regIds: number[], exceptId: string): Promise<Set<number>>;
}

export const SUBMISSION_STORE = Symbol('SUBMISSION_STORE');

/** Adds a submission's job (job id = submission id), so adding it twice is a no-op. */
export interface SubmissionQueue {
  enqueue(ids: string[]): Promise<void>;
}

export const SUBMISSION_QUEUE = Symbol('SUBMISSION_QUEUE');

/**
 * `lt-` + 20 hex digits + `.tsv` = 27 characters: DRS stores the name in varchar(30).
 * De-registrations upload a `.txt` (one IMEI per line), as DRS 1.6 requires.
 */
export function submissionFileName(id: string, kind: SubmissionKind = 'REGISTER'): string {
  return `lt-${id.replace(/-/g, '').slice(0, 20)}.${kind === 'DEREGISTER' ? 'txt' : 'tsv'}`;
}
