import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { isValidImei } from '@lt/production';
import { backoffDelay, chooseAdoption, requestsOfFile } from './adoption';
import {
  RegistryError,
  RegistryOutcomeUnknownError,
  RegistryRateLimitedError,
  RegistryRefusedError,
  RegistryUnavailableError,
} from './registry-errors';
import {
  CreatedDeregistration,
  deviceStepTookEffect,
  DrsRequest,
  isTerminal,
  REGISTRY_PORT,
  RegistryPort,
} from './registry-port';
import {
  DeregDevice,
  LIVE_STATES,
  ModelInfo,
  SUBMISSION_QUEUE,
  SUBMISSION_STORE,
  SubmissionQueue,
  SubmissionRecord,
  SubmissionStore,
  SubmissionUnit,
  UnitVerdict,
} from './submission-store';

export interface PushSettings {
  userId: string;
  maxAttempts: number;
  /** How long a run owns a submission; renewed at each registry call. */
  leaseMs: number;
  pollIntervalMs: number;
  /** Polls within one run before the job steps aside (delayed) and lets others run. */
  pollsPerRun: number;
  backoffMs: number;
  backoffMaxMs: number;
}

export const PUSH_SETTINGS = Symbol('PUSH_SETTINGS');

/** What the job should do next; the worker maps it onto BullMQ. */
export type PushResult =
  | { kind: 'done'; state: string }
  | { kind: 'wait'; delayMs: number }
  | { kind: 'rate-limited'; delayMs: number }
  | { kind: 'retry'; delayMs: number; message: string }
  | { kind: 'failed'; message: string };

/** Retrying cannot fix this (a setting or master data is wrong): FAILED until an administrator retries. */
export class PushUnfixableError extends Error {}

/** Another run took the submission's lease (this one outlived it): stop, sending nothing more. */
class LeaseLostError extends Error {}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Walks one submission through the registry's steps, recording each answer in PostgreSQL
 * before taking the next step, so a run that dies anywhere is resumed by the next one at
 * the right step. Where a write's outcome is unknown it asks the registry what happened
 * (its list of requests, the request's status) before sending anything again.
 */
@Injectable()
export class PushService {
  private readonly logger = new Logger(PushService.name);

  constructor(
    @Inject(SUBMISSION_STORE) private readonly store: SubmissionStore,
    @Inject(REGISTRY_PORT) private readonly registry: RegistryPort,
    @Inject(SUBMISSION_QUEUE) private readonly queue: SubmissionQueue,
    @Inject(PUSH_SETTINGS) private readonly settings: PushSettings,
  ) {}

  /** One run for one submission; never throws for registry trouble, it says what to do next. */
  async run(submissionId: string): Promise<PushResult> {
    const owner = randomUUID();
    const sub = await this.store.acquire(submissionId, owner, this.settings.leaseMs);
    if (sub === null) return { kind: 'done', state: 'MISSING' };
    if (sub === 'busy') return { kind: 'wait', delayMs: this.settings.leaseMs };
    try {
      return await this.advance(sub, owner);
    } catch (error) {
      if (error instanceof LeaseLostError) return { kind: 'wait', delayMs: this.settings.leaseMs };
      return this.onError(sub, error);
    } finally {
      await this.store.release(submissionId, owner);
    }
  }

  private async onError(sub: SubmissionRecord, error: unknown): Promise<PushResult> {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof RegistryRateLimitedError)
      return { kind: 'rate-limited', delayMs: error.retryAfterMs };
    if (error instanceof PushUnfixableError) {
      await this.store.fail(sub.id, message);
      await this.store.step(sub.id, {
        step: 'failed',
        outcome: 'unfixable',
        detail: { error: message },
      });
      return { kind: 'failed', message };
    }
    if (!(error instanceof RegistryError)) this.logger.warn(`submission ${sub.id}: ${message}`);
    const { failed, failuresInARow } = await this.store.recordFailure(
      sub.id,
      message,
      this.settings.maxAttempts,
    );
    if (failed) {
      await this.store.step(sub.id, {
        step: 'failed',
        outcome: `${failuresInARow} failures in a row`,
        detail: { error: message },
      });
      return { kind: 'failed', message: `${failuresInARow} failures in a row; last: ${message}` };
    }
    return {
      kind: 'retry',
      delayMs: backoffDelay(failuresInARow, this.settings.backoffMs, this.settings.backoffMaxMs),
      message,
    };
  }

  private async advance(sub: SubmissionRecord, owner: string): Promise<PushResult> {
    if (!LIVE_STATES.includes(sub.state)) return { kind: 'done', state: sub.state };
    if (sub.kind === 'DEREGISTER') return this.advanceDeregistration(sub, owner);
    const model = await this.store.model(sub.deviceModelId);
    if (!model.operatingSystem) {
      throw new PushUnfixableError(
        `device model ${model.brand} ${model.modelNumber} has no operatingSystem, which the registry requires; set it, then retry`,
      );
    }
    let regId = sub.regId;
    if (regId === null) {
      if (sub.createStartedAt === null) {
        const units = await this.precheck(sub, model);
        if (units.length === 0) {
          await this.store.resolve(sub.id, {
            state: 'CANCELLED',
            note: 'every unit was held back',
          });
          return { kind: 'done', state: 'CANCELLED' };
        }
        await this.store.markCreating(sub.id, units.length);
      } else {
        regId = await this.findEarlierRequest(sub, owner);
      }
      regId ??= await this.create(sub, model, owner);
      await this.renew(sub, owner);
    }
    if (sub.deviceSentAt === null) {
      const resolved = await this.sendDevice(sub, regId, model);
      if (resolved) return { kind: 'done', state: resolved };
    }
    return this.poll(sub, regId, owner);
  }

  /** Holds back with a reason what the registry would refuse or would not catch. */
  private async precheck(sub: SubmissionRecord, model: ModelInfo): Promise<SubmissionUnit[]> {
    const units = await this.store.liveUnits(sub.id);
    const verdicts: UnitVerdict[] = [];
    const hold = (u: SubmissionUnit, reason: string) => verdicts.push({ unitId: u.unitId, reason });
    let left = units.filter((u) => {
      if (u.imeis.length !== model.imeisPerDevice) {
        hold(
          u,
          `Held back: the unit has ${u.imeis.length} IMEIs, its model needs ${model.imeisPerDevice}`,
        );
        return false;
      }
      const bad = u.imeis.find((imei) => !isValidImei(imei));
      if (bad) hold(u, `Held back: IMEI ${bad} fails the Luhn check`);
      return !bad;
    });
    const tacs = [...new Set(left.flatMap((u) => u.imeis.map((i) => i.slice(0, 8))))];
    if (tacs.length > 0) {
      const known = await this.registry.knownTacs(tacs);
      await this.store.step(sub.id, {
        step: 'tac-lookup',
        outcome: 'answered',
        detail: { tacs, known: [...known] },
      });
      left = left.filter((u) => {
        const unknown = u.imeis.map((i) => i.slice(0, 8)).find((t) => !known.has(t));
        if (unknown) hold(u, `Held back: TAC ${unknown} is not known to the registry (GSMA)`);
        return !unknown;
      });
    }
    const imeis = left.flatMap((u) => u.imeis);
    if (imeis.length > 0) {
      const statuses = await this.registry.imeiStatuses(imeis);
      const whitelisted = imeis.filter((i) => statuses.get(i.slice(0, 14)) === 'whitelist');
      await this.store.step(sub.id, {
        step: 'imei-lookup',
        outcome: 'answered',
        detail: {
          imeis: imeis.length,
          whitelisted: whitelisted.slice(0, 50),
          whitelistedCount: whitelisted.length,
        },
      });
      const taken = new Set(whitelisted);
      left = left.filter((u) => {
        const dup = u.imeis.find((i) => taken.has(i));
        if (dup) hold(u, `Duplicate: IMEI ${dup} is already registered with the registry`);
        return !dup;
      });
    }
    if (verdicts.length > 0) {
      await this.store.holdBack(sub.id, verdicts);
      await this.store.step(sub.id, {
        step: 'precheck',
        outcome: `held back ${verdicts.length}`,
        detail: { units: verdicts.slice(0, 50) },
      });
    }
    return left;
  }

  private async create(sub: SubmissionRecord, model: ModelInfo, owner: string): Promise<number> {
    const units = await this.store.liveUnits(sub.id);
    await this.renew(sub, owner);
    try {
      const req = await this.registry.createRegistration({
        fileName: sub.fileName,
        rows: units.map((u) => u.imeis),
        imeiPerDevice: model.imeisPerDevice,
      });
      await this.store.recordCreated(sub.id, req.id, req.trackingId);
      await this.store.step(sub.id, {
        step: 'create',
        outcome: 'created',
        httpStatus: 200,
        detail: { regId: req.id, trackingId: req.trackingId, devices: units.length },
      });
      sub.regId = req.id;
      sub.trackingId = req.trackingId;
      return req.id;
    } catch (error) {
      if (error instanceof RegistryOutcomeUnknownError) {
        await this.store.step(sub.id, {
          step: 'create',
          outcome: 'unknown',
          httpStatus: error.httpStatus,
          detail: { error: error.message },
        });
        // Did it store our request? Ask before sending again; nothing found -> retry later.
        const adopted = await this.findEarlierRequest(sub, owner, units);
        if (adopted !== null) return adopted;
        throw error;
      }
      if (error instanceof RegistryRefusedError) {
        await this.store.step(sub.id, {
          step: 'create',
          outcome: 'refused',
          httpStatus: error.httpStatus,
          detail: { body: error.body },
        });
        throw new PushUnfixableError(`the registry refused the request: ${error.message}`);
      }
      throw error;
    }
  }

  /**
   * Looks for requests an earlier attempt created with our file name; adopts one, closes the
   * others. `units`: the submission's live units, when the caller has read them already.
   */
  private async findEarlierRequest(
    sub: SubmissionRecord,
    owner: string,
    units?: SubmissionUnit[],
  ): Promise<number | null> {
    const [unit] = units ?? (await this.store.liveUnits(sub.id));
    const matches = await requestsOfFile(
      this.registry,
      {
        fileName: sub.fileName,
        userId: this.settings.userId,
        since: sub.createStartedAt ?? new Date(),
        imei: unit?.imeis[0],
      },
      (ids) => this.store.knownRegIds(ids, sub.id),
    );
    const { adopt, close } = chooseAdoption(matches, sub.regId);
    // The reads may have taken long: still ours before acting on them?
    await this.renew(sub, owner);
    await this.store.step(sub.id, {
      step: 'lookup',
      outcome: adopt ? `adopted ${adopt.id}` : 'none found',
      detail: { matches: matches.map((m) => ({ id: m.id, status: m.statusLabel })) },
    });
    for (const orphan of close) await this.closeOrphan(sub.id, orphan);
    if (!adopt) return null;
    await this.store.recordCreated(sub.id, adopt.id, adopt.trackingId);
    sub.regId = adopt.id;
    sub.trackingId = adopt.trackingId;
    if (deviceStepTookEffect(adopt)) {
      await this.store.markDeviceSent(sub.id, adopt.statusLabel);
      sub.deviceSentAt = new Date();
    }
    return adopt.id;
  }

  private async closeOrphan(submissionId: string, orphan: DrsRequest): Promise<void> {
    try {
      await this.registry.closeRegistration(orphan.id);
      await this.store.step(submissionId, {
        step: 'close-orphan',
        outcome: 'closed',
        detail: { regId: orphan.id },
      });
    } catch (error) {
      // The reconciliation sweep closes it later; an orphan holds no IMEI meanwhile.
      if (error instanceof RegistryRateLimitedError) throw error;
      await this.store.step(submissionId, {
        step: 'close-orphan',
        outcome: 'error',
        detail: { regId: orphan.id, error: (error as Error).message },
      });
    }
  }

  /**
   * Sends a step the registry takes at most once per request (1.2, 1.7). When its answer is
   * lost, or is a refusal, the request's status tells whether the step took effect; if it
   * did, it counts as sent. Returns null once sent, else the error and the status read back.
   */
  private async sendStepOnce(
    sub: SubmissionRecord,
    names: { step: string; statusStep: string; detail: Record<string, unknown> },
    send: () => Promise<unknown>,
    readBack: () => Promise<DrsRequest>,
  ): Promise<{
    error: RegistryOutcomeUnknownError | RegistryRefusedError;
    refused: boolean;
    status: DrsRequest;
  } | null> {
    try {
      await send();
      await this.store.markDeviceSent(sub.id, 'Pending Review');
      await this.store.step(sub.id, {
        step: names.step,
        outcome: 'sent',
        httpStatus: 200,
        detail: names.detail,
      });
      sub.deviceSentAt = new Date();
      return null;
    } catch (error) {
      if (!(error instanceof RegistryOutcomeUnknownError || error instanceof RegistryRefusedError))
        throw error;
      const refused = error instanceof RegistryRefusedError;
      await this.store.step(sub.id, {
        step: names.step,
        outcome: refused ? 'refused' : 'unknown',
        httpStatus: error.httpStatus,
        detail: { body: error.body ?? error.message },
      });
      const status = await readBack();
      await this.store.step(sub.id, {
        step: names.statusStep,
        outcome: status.statusLabel,
        httpStatus: 200,
        detail: names.detail,
      });
      if (deviceStepTookEffect(status)) {
        await this.store.markDeviceSent(sub.id, status.statusLabel);
        sub.deviceSentAt = new Date();
        return null;
      }
      return { error, refused, status };
    }
  }

  /** 1.2; returns the final state when the registry refused the device details for good. */
  private async sendDevice(
    sub: SubmissionRecord,
    regId: number,
    model: ModelInfo,
  ): Promise<string | null> {
    const failed = await this.sendStepOnce(
      sub,
      { step: 'device', statusStep: 'status', detail: { regId } },
      () =>
        this.registry.sendDeviceDetails(regId, {
          brand: model.brand,
          modelName: model.name,
          modelNumber: model.modelNumber,
          operatingSystem: model.operatingSystem ?? '',
          deviceType: model.deviceType,
          technologies: model.technologies,
        }),
      () => this.registry.getRegistration(regId),
    );
    if (!failed) return null;
    const { error, refused } = failed;
    if (!refused) throw error;
    const text = JSON.stringify(error.body ?? '');
    if (/try again later/i.test(text))
      throw new RegistryUnavailableError(error.message, error.httpStatus, error.body);
    // The registry refused our device details (for example a SIM-slot mismatch): nothing was
    // stored; close the request so it is not left open, and reject the units with its reason.
    await this.registry.closeRegistration(regId);
    await this.store.step(sub.id, { step: 'close', outcome: 'closed', detail: { regId } });
    const units = await this.store.liveUnits(sub.id);
    await this.store.resolve(sub.id, {
      state: 'REJECTED',
      registryStatus: 'Closed',
      rejected: units.map((u) => ({
        unitId: u.unitId,
        reason: `Refused by the registry at the device step: ${text.slice(0, 500)}`,
      })),
    });
    return 'REJECTED';
  }

  private async poll(sub: SubmissionRecord, regId: number, owner: string): Promise<PushResult> {
    for (let i = 0; i < this.settings.pollsPerRun; i++) {
      if (i > 0) {
        await sleep(this.settings.pollIntervalMs);
        await this.renew(sub, owner);
      }
      const req = await this.registry.getRegistration(regId);
      if (isTerminal(req)) return { kind: 'done', state: await this.finish(sub, req) };
    }
    return { kind: 'wait', delayMs: this.settings.pollIntervalMs };
  }

  private async finish(sub: SubmissionRecord, req: DrsRequest): Promise<string> {
    const units = await this.store.liveUnits(sub.id);
    await this.store.step(sub.id, {
      step: 'outcome',
      outcome: req.statusLabel,
      httpStatus: 200,
      detail: { regId: req.id },
    });
    if (req.statusLabel === 'Approved') {
      await this.store.resolve(sub.id, {
        state: 'APPROVED',
        registryStatus: req.statusLabel,
        registered: units.map((u) => u.unitId),
      });
      return 'APPROVED';
    }
    if (req.statusLabel === 'Rejected') {
      const duplicates = new Set(
        req.duplicateImeisFile ? await this.registry.duplicateImeis(req.duplicateImeisFile) : [],
      );
      await this.store.step(sub.id, {
        step: 'duplicates',
        outcome: `${duplicates.size} named`,
        detail: { imeis: [...duplicates].slice(0, 50) },
      });
      const rejected: UnitVerdict[] = [];
      const requeue: string[] = [];
      for (const u of units) {
        const dup = u.imeis.find((i) => duplicates.has(i.slice(0, 14)));
        if (dup)
          rejected.push({
            unitId: u.unitId,
            reason: `Duplicate: IMEI ${dup} is already registered (registry request ${req.trackingId})`,
          });
        else if (duplicates.size === 0)
          rejected.push({
            unitId: u.unitId,
            reason: `Rejected by the registry (request ${req.trackingId}); see its report`,
          });
        else requeue.push(u.unitId);
      }
      const child = await this.store.resolve(sub.id, {
        state: 'REJECTED',
        registryStatus: req.statusLabel,
        rejected,
        requeue,
      });
      if (child) await this.queue.enqueue([child]);
      return 'REJECTED';
    }
    // Closed or Failed at the registry: nothing of ours was registered by it; send the units again.
    const child = await this.store.resolve(sub.id, {
      state: 'CLOSED',
      registryStatus: req.statusLabel,
      requeue: units.map((u) => u.unitId),
      note: `registry request ended ${req.statusLabel}; units resubmitted`,
    });
    if (child) await this.queue.enqueue([child]);
    return 'CLOSED';
  }

  /**
   * DRS 1.6 (create, `.txt` of IMEIs, reason), 1.7 (devices step with 1.6's `devices`),
   * then polling `GET /api/v1/deregistration/<id>`. Approved: units DEREGISTERED.
   * Rejected: units stay REGISTERED, with the reason noted.
   */
  private async advanceDeregistration(sub: SubmissionRecord, owner: string): Promise<PushResult> {
    let deregId = sub.regId;
    let devices = sub.deregDevices ?? null;
    if (deregId === null || devices === null) {
      const units = await this.store.liveUnits(sub.id);
      if (units.length === 0) {
        await this.store.resolve(sub.id, {
          state: 'CANCELLED',
          note: 'no unit left to de-register',
        });
        return { kind: 'done', state: 'CANCELLED' };
      }
      if (sub.createStartedAt === null) await this.store.markCreating(sub.id, units.length);
      const created = await this.createDeregistration(sub, units);
      deregId = created.request.id;
      devices = created.devices;
      await this.renew(sub, owner);
    }
    if (sub.deviceSentAt === null) {
      const resolved = await this.sendDeregistrationDevices(sub, deregId, devices);
      if (resolved) return { kind: 'done', state: resolved };
    }
    return this.pollDeregistration(sub, deregId, owner);
  }

  /**
   * 1.6. Unlike registration there is nothing to adopt: DRS (and the stand-in) has no list of
   * de-registration requests, and `GET /api/v1/deregistration/<id>` needs the id, which only
   * the answer carries; so the id is recorded as soon as the answer arrives. After an unknown
   * outcome (timeout, cut, 5xx) we simply create again, which is safe at the IMEI level
   * (contract section 6): a de-registration request changes nothing until its devices step,
   * a repeat while the first is processing is accepted, and a repeat after approval is
   * refused with 422 `not_registered_imeis` (already removed), which we count as done. The
   * lost request stays `New Request` holding nothing (DRS has no close for de-registrations).
   */
  private async createDeregistration(
    sub: SubmissionRecord,
    units: SubmissionUnit[],
  ): Promise<CreatedDeregistration> {
    // Every IMEI of every unit, one per line (device_count = line count, as 1.6 checks); DRS
    // removes a registered unit's sibling IMEIs with any one of them anyway.
    const imeis = units.flatMap((u) => u.imeis);
    try {
      const created = await this.registry.createDeregistration({
        fileName: sub.fileName,
        reason: sub.reason || 'Export',
        imeis,
      });
      await this.store.recordCreated(
        sub.id,
        created.request.id,
        created.request.trackingId,
        created.devices,
      );
      await this.store.step(sub.id, {
        step: 'dereg-create',
        outcome: 'created',
        httpStatus: 200,
        detail: {
          deregId: created.request.id,
          trackingId: created.request.trackingId,
          units: units.length,
          imeis: imeis.length,
          devices: created.devices,
        },
      });
      sub.regId = created.request.id;
      sub.trackingId = created.request.trackingId;
      sub.deregDevices = created.devices;
      return created;
    } catch (error) {
      if (error instanceof RegistryOutcomeUnknownError) {
        await this.store.step(sub.id, {
          step: 'dereg-create',
          outcome: 'unknown',
          httpStatus: error.httpStatus,
          detail: { error: error.message },
        });
        throw error;
      }
      if (error instanceof RegistryRefusedError) {
        await this.store.step(sub.id, {
          step: 'dereg-create',
          outcome: 'refused',
          httpStatus: error.httpStatus,
          detail: { body: error.body },
        });
        throw new PushUnfixableError(`the registry refused the de-registration: ${error.message}`);
      }
      throw error;
    }
  }

  /** 1.7; returns the final state when the step ended the submission. */
  private async sendDeregistrationDevices(
    sub: SubmissionRecord,
    deregId: number,
    devices: DeregDevice[],
  ): Promise<string | null> {
    const failed = await this.sendStepOnce(
      sub,
      { step: 'dereg-devices', statusStep: 'dereg-status', detail: { deregId } },
      () => this.registry.sendDeregistrationDevices(deregId, devices),
      () => this.registry.getDeregistration(deregId),
    );
    if (!failed) return null;
    const { error, refused, status: req } = failed;
    if (!refused) throw error;
    const named = notRegisteredImeis(error.body);
    if (named === null) {
      const text = JSON.stringify(error.body ?? '');
      if (/try again later/i.test(text))
        throw new RegistryUnavailableError(error.message, error.httpStatus, error.body);
      throw new PushUnfixableError(`the registry refused the devices step: ${text.slice(0, 500)}`);
    }
    // Nothing changed at the registry. IMEIs it names are no longer registered: our units were
    // REGISTERED, so they were removed already (an earlier attempt's approval): done for those
    // units. The others go on in a new request without them.
    const gone = new Set(named.map((i) => i.slice(0, 14)));
    const units = await this.store.liveUnits(sub.id);
    const done = units.filter((u) => u.imeis.some((i) => gone.has(i.slice(0, 14))));
    const rest = units.filter((u) => !done.includes(u));
    const child = await this.store.resolve(sub.id, {
      state: 'CLOSED',
      registryStatus: req.statusLabel,
      registered: done.map((u) => u.unitId),
      requeue: rest.map((u) => u.unitId),
      note: `devices step refused: ${gone.size} IMEI(s) already removed; ${done.length} unit(s) counted de-registered, ${rest.length} sent again`,
    });
    if (child) await this.queue.enqueue([child]);
    return 'CLOSED';
  }

  private async pollDeregistration(
    sub: SubmissionRecord,
    deregId: number,
    owner: string,
  ): Promise<PushResult> {
    for (let i = 0; i < this.settings.pollsPerRun; i++) {
      if (i > 0) {
        await sleep(this.settings.pollIntervalMs);
        await this.renew(sub, owner);
      }
      const req = await this.registry.getDeregistration(deregId);
      if (isTerminal(req))
        return { kind: 'done', state: await this.finishDeregistration(sub, req) };
    }
    return { kind: 'wait', delayMs: this.settings.pollIntervalMs };
  }

  private async finishDeregistration(sub: SubmissionRecord, req: DrsRequest): Promise<string> {
    const units = await this.store.liveUnits(sub.id);
    await this.store.step(sub.id, {
      step: 'dereg-outcome',
      outcome: req.statusLabel,
      httpStatus: 200,
      detail: { deregId: req.id },
    });
    if (req.statusLabel === 'Approved') {
      await this.store.resolve(sub.id, {
        state: 'APPROVED',
        registryStatus: req.statusLabel,
        registered: units.map((u) => u.unitId),
      });
      return 'APPROVED';
    }
    if (req.statusLabel === 'Rejected') {
      await this.store.resolve(sub.id, {
        state: 'REJECTED',
        registryStatus: req.statusLabel,
        released: units.map((u) => ({
          unitId: u.unitId,
          reason: `De-registration rejected by the registry (request ${req.trackingId}); still registered`,
        })),
      });
      return 'REJECTED';
    }
    // Closed or Failed at the registry: nothing was removed by it; send the units again.
    const child = await this.store.resolve(sub.id, {
      state: 'CLOSED',
      registryStatus: req.statusLabel,
      requeue: units.map((u) => u.unitId),
      note: `de-registration request ended ${req.statusLabel}; units resubmitted`,
    });
    if (child) await this.queue.enqueue([child]);
    return 'CLOSED';
  }

  /** Extends this run's lease; throws LeaseLostError once another run has taken it. */
  private async renew(sub: SubmissionRecord, owner: string): Promise<void> {
    if (!(await this.store.renew(sub.id, owner, this.settings.leaseMs)))
      throw new LeaseLostError(`submission ${sub.id}: another run has taken its lease`);
  }
}

/** The IMEIs of a 422 `{"not_registered_imeis": [...]}`, or null for any other refusal. */
export function notRegisteredImeis(body: unknown): string[] | null {
  if (!body || typeof body !== 'object') return null;
  const list = (body as Record<string, unknown>).not_registered_imeis;
  if (!Array.isArray(list)) return null;
  return list.map(String);
}
