import { Injectable } from '@nestjs/common';
import { AppConfig } from '@lt/config';
import {
  isFailedRead,
  RegistryError,
  RegistryOutcomeUnknownError,
  RegistryRateLimitedError,
  RegistryRefusedError,
  RegistryUnavailableError,
} from './registry-errors';
import {
  CreateDeregistrationInput,
  CreatedDeregistration,
  CreateRegistrationInput,
  DeviceDetails,
  DrsRequest,
  DrsSearchHit,
  ImeiRegistrationStatus,
  OwnRequestSearch,
  RegistryPort,
} from './registry-port';

type Json = Record<string, unknown>;

/** Core takes at most 1,000 IMEIs per batch lookup. */
const CORE_BATCH = 1000;
/**
 * Requests per page of DRS's search. Pages follow the latest update first, so a request
 * updated while we page may move to a page already read, or out of the search; one page
 * is the usual answer, and the orphan sweep finds the one it missed on its next run.
 */
export const SEARCH_PAGE = 200;

/** Pauses before asking a read again after a 5xx answer. */
const READ_RETRY_PAUSES_MS = [100, 300];

/**
 * The registry over HTTP with Node's fetch (undici) and FormData: DRS for requests, Core
 * for lookups, each call bounded by REGISTRY_TIMEOUT_MS. Reads that fail are
 * "unavailable"; writes that time out, are cut or answer 5xx are "outcome unknown".
 */
@Injectable()
export class DrsRegistryClient implements RegistryPort {
  constructor(private readonly config: AppConfig) {}

  async knownTacs(tacs: string[]): Promise<Set<string>> {
    const body = await this.call<{ results: { tac: string; gsma: unknown }[] }>(
      'read',
      this.core('/api/v2/tac'),
      {
        method: 'POST',
        json: { tacs },
      },
    );
    return new Set(body.results.filter((r) => r.gsma).map((r) => r.tac));
  }

  async imeiStatuses(imeis: string[]): Promise<Map<string, ImeiRegistrationStatus>> {
    const out = new Map<string, ImeiRegistrationStatus>();
    for (let i = 0; i < imeis.length; i += CORE_BATCH) {
      const body = await this.call<{
        results: { imei_norm: string; registration_status?: { status: string | null } }[];
      }>('read', this.core('/api/v2/imei-batch'), {
        method: 'POST',
        json: { imeis: imeis.slice(i, i + CORE_BATCH), include_registration_status: true },
      });
      for (const r of body.results) out.set(r.imei_norm, r.registration_status?.status ?? null);
    }
    return out;
  }

  async createRegistration(input: CreateRegistrationInput): Promise<DrsRequest> {
    const form = new FormData();
    form.set('user_id', this.config.REGISTRY_USER_ID);
    form.set('user_name', this.config.REGISTRY_USER_NAME);
    form.set('device_count', String(input.rows.length));
    form.set('imei_per_device', String(input.imeiPerDevice));
    form.set('m_location', this.config.REGISTRY_LOCATION);
    const tsv = input.rows.map((row) => row.join('\t')).join('\n') + '\n';
    form.set('file', new Blob([tsv], { type: 'text/tab-separated-values' }), input.fileName);
    return toRequest(
      await this.call<Json>('write', this.drs('/api/v1/registration'), { method: 'POST', form }),
    );
  }

  async sendDeviceDetails(regId: number, d: DeviceDetails): Promise<void> {
    const form = new FormData();
    form.set('reg_id', String(regId));
    form.set('user_id', this.config.REGISTRY_USER_ID);
    form.set('brand', d.brand);
    form.set('model_name', d.modelName);
    form.set('model_num', d.modelNumber);
    form.set('operating_system', d.operatingSystem);
    form.set('device_type', d.deviceType);
    form.set('technologies', d.technologies.join(','));
    await this.call<Json>('write', this.drs('/api/v1/registration/device'), {
      method: 'POST',
      form,
    });
  }

  async getRegistration(regId: number): Promise<DrsRequest> {
    return toRequest(
      await this.call<Json>('read', this.drs(`/api/v1/registration/${regId}`), { method: 'GET' }),
    );
  }

  /**
   * Pages through DRS's search of our own requests. `GET /api/v1/registration` would answer
   * the same in one call, but with every request of every user of the national registry.
   */
  async searchOwnRegistrations(search: OwnRequestSearch): Promise<DrsSearchHit[]> {
    const args: Json = {};
    if (search.status !== undefined) args.status = search.status;
    // DRS matches IMEIs by their first 14 digits (LIKE '%v%' on what it stored).
    if (search.imei !== undefined) args.imeis = [search.imei.slice(0, 14)];
    if (search.createdFrom !== undefined || search.createdTo !== undefined)
      args.created_at = `${utcDay(search.createdFrom ?? new Date(0))},${utcDay(search.createdTo ?? new Date())}`;
    const hits = new Map<number, DrsSearchHit>();
    for (let start = 1; ; start += SEARCH_PAGE) {
      let body: { count?: number; requests?: Json[] } | null;
      try {
        body = await this.call('read', this.drs('/api/v1/search'), {
          method: 'POST',
          json: {
            start,
            limit: SEARCH_PAGE,
            search_specs: {
              group: 'importer',
              request_type: 1,
              user_id: this.config.REGISTRY_USER_ID,
            },
            search_args: args,
          },
        });
      } catch (error) {
        // A page past the end answers 404: requests left the search since the last page.
        if (start > 1 && error instanceof RegistryRefusedError && error.httpStatus === 404) break;
        throw error;
      }
      // No request at all: DRS answers null.
      const page = body?.requests ?? [];
      for (const r of page) {
        const hit = { id: Number(r.id), statusLabel: str(r.status), createdAt: str(r.created_at) };
        hits.set(hit.id, hit);
      }
      if (page.length === 0 || start + SEARCH_PAGE > Number(body?.count ?? 0)) break;
    }
    return [...hits.values()];
  }

  async closeRegistration(regId: number): Promise<DrsRequest> {
    const form = new FormData();
    form.set('reg_id', String(regId));
    form.set('user_id', this.config.REGISTRY_USER_ID);
    form.set('close_request', 'True');
    return toRequest(
      await this.call<Json>('write', this.drs('/api/v1/registration'), { method: 'PUT', form }),
    );
  }

  async duplicateImeis(path: string): Promise<string[]> {
    const text = await this.call<string>(
      'read',
      this.drs(`/api/v1/files/download?path=${encodeURIComponent(path)}`),
      {
        method: 'GET',
        text: true,
      },
    );
    return text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
  }

  async createDeregistration(input: CreateDeregistrationInput): Promise<CreatedDeregistration> {
    const form = new FormData();
    form.set('user_id', this.config.REGISTRY_USER_ID);
    form.set('user_name', this.config.REGISTRY_USER_NAME);
    form.set('device_count', String(input.imeis.length));
    form.set('reason', input.reason);
    const txt = input.imeis.join('\n') + '\n';
    form.set('file', new Blob([txt], { type: 'text/plain' }), input.fileName);
    const body = await this.call<Json>('write', this.drs('/api/v1/deregistration'), {
      method: 'POST',
      form,
    });
    const request = body.request as Json | undefined;
    if (!request || !Array.isArray(body.devices))
      throw new RegistryError('POST /api/v1/deregistration: unexpected answer', 200, body);
    return { request: toRequest(request), devices: body.devices as Json[] };
  }

  async sendDeregistrationDevices(deregId: number, devices: Json[]): Promise<void> {
    const form = new FormData();
    form.set('dereg_id', String(deregId));
    form.set('user_id', this.config.REGISTRY_USER_ID);
    form.set('devices', JSON.stringify(devices));
    await this.call<Json>('write', this.drs('/api/v1/deregistration/devices'), {
      method: 'POST',
      form,
    });
  }

  async getDeregistration(deregId: number): Promise<DrsRequest> {
    const body = await this.call<Json | string>(
      'read',
      this.drs(`/api/v1/deregistration/${deregId}`),
      { method: 'GET' },
    );
    // DRS quirk: an unknown id answers 200 with a JSON string holding the error.
    if (typeof body === 'string' || body === null || typeof body !== 'object')
      throw new RegistryRefusedError(
        `GET /api/v1/deregistration/${deregId}: ${String(body)}`,
        200,
        body,
      );
    return toRequest(body);
  }

  private drs(path: string): string {
    return this.config.REGISTRY_URL.replace(/\/$/, '') + path;
  }

  private core(path: string): string {
    return this.config.registryCoreUrl.replace(/\/$/, '') + path;
  }

  private async call<T>(
    kind: 'read' | 'write',
    url: string,
    opts: { method: string; json?: unknown; form?: FormData; text?: boolean },
  ): Promise<T> {
    if (kind === 'write') return this.callOnce<T>(kind, url, opts);
    // A read changes nothing, so a 5xx answer is asked again at once, twice: one push run
    // makes several reads (prechecks, the adoption lookup), and without this one 5xx among
    // them costs the whole run a backoff and counts towards FAILED. A read that got no
    // answer in time is not asked again: that registry is slow, and the job backs off.
    for (let retry = 0; ; retry++) {
      try {
        return await this.callOnce<T>(kind, url, opts);
      } catch (error) {
        if (!isFailedRead(error) || retry >= READ_RETRY_PAUSES_MS.length) throw error;
        await new Promise((resolve) => setTimeout(resolve, READ_RETRY_PAUSES_MS[retry]));
      }
    }
  }

  private async callOnce<T>(
    kind: 'read' | 'write',
    url: string,
    opts: { method: string; json?: unknown; form?: FormData; text?: boolean },
  ): Promise<T> {
    const what = `${opts.method} ${new URL(url).pathname}`;
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.config.REGISTRY_API_KEY}`,
    };
    let body: string | FormData | undefined = opts.form;
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    }
    let res: Response;
    let raw: string;
    try {
      res = await fetch(url, {
        method: opts.method,
        headers,
        body,
        signal: AbortSignal.timeout(this.config.REGISTRY_TIMEOUT_MS),
      });
      raw = await res.text();
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.config.REGISTRY_TIMEOUT_MS} ms`
          : (error as Error).message;
      if (kind === 'write') throw new RegistryOutcomeUnknownError(`${what}: ${reason}`);
      throw new RegistryUnavailableError(`${what}: ${reason}`);
    }
    if (res.status === 429) {
      const seconds = Number(res.headers.get('retry-after'));
      throw new RegistryRateLimitedError(
        Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000,
      );
    }
    const parsed = opts.text && res.ok ? raw : parseJson(raw);
    if (res.ok) return parsed as T;
    const message = `${what}: HTTP ${res.status} ${raw.slice(0, 300)}`;
    // 503 (down) and 401 never reach the handler; anything else 5xx may have stored something.
    if (res.status === 503 || res.status === 401) {
      throw new RegistryUnavailableError(message, res.status, parsed);
    }
    if (res.status >= 500) {
      if (kind === 'write') throw new RegistryOutcomeUnknownError(message, res.status, parsed);
      throw new RegistryUnavailableError(message, res.status, parsed);
    }
    if (res.status >= 400) throw new RegistryRefusedError(message, res.status, parsed);
    throw new RegistryError(message, res.status, parsed);
  }
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** A date as DRS's search takes it: YYYY-MM-DD. */
const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';

function toRequest(j: Json): DrsRequest {
  return {
    id: Number(j.id),
    trackingId: str(j.tracking_id),
    userId: str(j.user_id),
    userName: str(j.user_name),
    file: typeof j.file === 'string' ? j.file : null,
    deviceCount: Number(j.device_count ?? 0),
    statusLabel: str(j.status_label),
    processingStatusLabel: str(j.processing_status_label),
    reportStatusLabel: str(j.report_status_label),
    duplicateImeisFile: typeof j.duplicate_imeis_file === 'string' ? j.duplicate_imeis_file : null,
    createdAt: str(j.created_at),
  };
}
