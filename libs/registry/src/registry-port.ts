/**
 * What the push needs from the national registry (DIRBS DRS + Core), as a narrow port so
 * the processor's decisions can be tested against a fake. The HTTP adapter is
 * DrsRegistryClient; docs/registry-contract.md describes the real interface.
 */

/** A registration request as DRS shows it (1.1 / 1.3 answers). */
export interface DrsRequest {
  id: number;
  trackingId: string;
  userId: string;
  userName: string;
  file: string | null;
  deviceCount: number;
  statusLabel: string;
  processingStatusLabel: string;
  reportStatusLabel: string;
  duplicateImeisFile: string | null;
  createdAt: string;
}

export interface DeviceDetails {
  brand: string;
  modelName: string;
  modelNumber: string;
  operatingSystem: string;
  deviceType: string;
  technologies: string[];
}

export interface CreateRegistrationInput {
  fileName: string;
  /** One row per device, its IMEIs in slot order. */
  rows: string[][];
  imeiPerDevice: number;
}

export interface CreateDeregistrationInput {
  fileName: string;
  reason: string;
  /** One IMEI per line of the `.txt` file. */
  imeis: string[];
}

/** 1.6's answer: the de-registration request and the file's IMEIs grouped per TAC. */
export interface CreatedDeregistration {
  request: DrsRequest;
  devices: Record<string, unknown>[];
}

/**
 * What DRS's search (1.8) can find our own requests by; every field given must match.
 * Dates are whole days (DRS compares dates); an IMEI matches only once DRS has processed
 * the request that holds it.
 */
export interface OwnRequestSearch {
  createdFrom?: Date;
  createdTo?: Date;
  /** A status label, e.g. `New Request`. */
  status?: string;
  imei?: string;
}

/** One of our requests as the search shows it: no file name, which only a read (1.3) gives. */
export interface DrsSearchHit {
  id: number;
  statusLabel: string;
  createdAt: string;
}

/** Core's registration status of one IMEI, by its first 14 digits: 'whitelist', 'pending' or null. */
export type ImeiRegistrationStatus = string | null;

export interface RegistryPort {
  /** Which of these TACs the registry (GSMA data in Core) knows. */
  knownTacs(tacs: string[]): Promise<Set<string>>;
  /** Core's registration status per IMEI; keys are the first 14 digits. */
  imeiStatuses(imeis: string[]): Promise<Map<string, ImeiRegistrationStatus>>;
  /** 1.1: a write without idempotency key; an unknown outcome throws RegistryOutcomeUnknownError. */
  createRegistration(input: CreateRegistrationInput): Promise<DrsRequest>;
  /** 1.2: starts processing; succeeds at most once per request. */
  sendDeviceDetails(regId: number, device: DeviceDetails): Promise<void>;
  getRegistration(regId: number): Promise<DrsRequest>;
  /** This user's registration requests that match the search, every page of them (1.8). */
  searchOwnRegistrations(search: OwnRequestSearch): Promise<DrsSearchHit[]>;
  /** 1.5 */
  closeRegistration(regId: number): Promise<DrsRequest>;
  /** The 14-digit IMEIs of a rejected request's duplicated_imeis.txt. */
  duplicateImeis(path: string): Promise<string[]>;
  /** 1.6: creates a de-registration request; no idempotency key, and DRS has no list of them. */
  createDeregistration(input: CreateDeregistrationInput): Promise<CreatedDeregistration>;
  /** 1.7: starts processing; a 422 `not_registered_imeis` is a RegistryRefusedError with that body. */
  sendDeregistrationDevices(deregId: number, devices: Record<string, unknown>[]): Promise<void>;
  /** `GET /api/v1/deregistration/<id>`. */
  getDeregistration(deregId: number): Promise<DrsRequest>;
}

export const REGISTRY_PORT = Symbol('REGISTRY_PORT');

/** DRS status labels a poller stops at (contract section 4). */
export const TERMINAL_LABELS = ['Approved', 'Rejected', 'Failed', 'Closed'] as const;

export function isTerminal(request: DrsRequest): boolean {
  return (
    (TERMINAL_LABELS as readonly string[]).includes(request.statusLabel) ||
    request.processingStatusLabel === 'Failed' ||
    request.reportStatusLabel === 'Failed'
  );
}

/** True once the device step took effect: the request left `New Request`. */
export function deviceStepTookEffect(request: DrsRequest): boolean {
  return request.statusLabel !== 'New Request';
}
