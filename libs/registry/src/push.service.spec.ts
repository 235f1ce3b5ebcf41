import { imeiOf } from '@lt/production';
import { chooseAdoption, backoffDelay } from './adoption';
import { notRegisteredImeis, PushService, PushSettings } from './push.service';
import {
  RegistryOutcomeUnknownError,
  RegistryRateLimitedError,
  RegistryRefusedError,
  RegistryUnavailableError,
} from './registry-errors';
import {
  CreateDeregistrationInput,
  CreateRegistrationInput,
  DrsRequest,
  OwnRequestSearch,
  RegistryPort,
} from './registry-port';
import { relayDecision } from './relay.service';
import {
  ModelInfo,
  Resolution,
  StepRecord,
  SubmissionQueue,
  SubmissionRecord,
  SubmissionStore,
  SubmissionUnit,
  UnitVerdict,
} from './submission-store';

const TAC = '35123456';
const MODEL: ModelInfo = {
  id: 'm1',
  brand: 'Acme',
  name: 'A1',
  modelNumber: 'A1-2026',
  operatingSystem: 'Android 14',
  deviceType: 'Smartphone',
  technologies: ['2G', '3G', '4G'],
  imeisPerDevice: 2,
};
const unit = (n: number): SubmissionUnit => ({
  unitId: `u${n}`,
  serialNumber: `S${n}`,
  imeis: [imeiOf(TAC, 2 * n), imeiOf(TAC, 2 * n + 1)],
});

/** PostgreSQL as the push sees it, in memory. */
class FakeStore implements SubmissionStore {
  sub: SubmissionRecord = {
    id: 's1',
    deviceModelId: 'm1',
    kind: 'REGISTER',
    state: 'QUEUED',
    fileName: 'lt-0001.tsv',
    regId: null,
    trackingId: null,
    createStartedAt: null,
    deviceSentAt: null,
    failuresInARow: 0,
  };
  units: SubmissionUnit[] = [];
  outcomes = new Map<string, string>();
  steps: StepRecord[] = [];
  resolutions: Resolution[] = [];
  model_ = { ...MODEL };
  /** The run holding the lease, as `lease_owner`; expiry is left out. */
  leaseOwner: string | null = null;
  acquire = (_: string, owner: string) => {
    if (this.leaseOwner !== null && this.leaseOwner !== owner)
      return Promise.resolve('busy' as const);
    this.leaseOwner = owner;
    return Promise.resolve({ ...this.sub });
  };
  renew = (_: string, owner: string) => Promise.resolve(this.leaseOwner === owner);
  release = (_: string, owner: string) =>
    Promise.resolve(void (this.leaseOwner === owner && (this.leaseOwner = null)));
  liveUnits = () => Promise.resolve(this.units.filter((u) => !this.outcomes.has(u.unitId)));
  model = () => Promise.resolve(this.model_);
  step = (_: string, s: StepRecord) => Promise.resolve(void this.steps.push(s));
  holdBack = (_: string, v: UnitVerdict[]) =>
    Promise.resolve(v.forEach((x) => this.outcomes.set(x.unitId, `REJECTED: ${x.reason}`)));
  markCreating = () =>
    Promise.resolve(
      void Object.assign(this.sub, { state: 'CREATING', createStartedAt: new Date() }),
    );
  recordCreated = (_: string, regId: number, trackingId: string) =>
    Promise.resolve(
      void Object.assign(this.sub, { state: 'CREATED', regId, trackingId, failuresInARow: 0 }),
    );
  markDeviceSent = () =>
    Promise.resolve(
      void Object.assign(this.sub, { state: 'DEVICE_SENT', deviceSentAt: new Date() }),
    );
  resolve = (_: string, r: Resolution) => {
    this.resolutions.push(r);
    this.sub.state = r.state;
    r.registered?.forEach((u) => this.outcomes.set(u, 'REGISTERED'));
    r.rejected?.forEach((v) => this.outcomes.set(v.unitId, `REJECTED: ${v.reason}`));
    r.requeue?.forEach((u) => this.outcomes.set(u, 'REQUEUED'));
    return Promise.resolve(r.requeue?.length ? 's2' : null);
  };
  recordFailure = (_: string, __: string, max: number) => {
    this.sub.failuresInARow += 1;
    const failed = this.sub.failuresInARow >= max;
    if (failed) this.sub.state = 'FAILED';
    return Promise.resolve({ failed, failuresInARow: this.sub.failuresInARow });
  };
  fail = () => Promise.resolve(void (this.sub.state = 'FAILED'));
  /** Requests recorded by other submissions of ours. */
  othersRegIds = new Set<number>();
  knownRegIds = (ids: number[]) =>
    Promise.resolve(new Set(ids.filter((id) => this.othersRegIds.has(id))));
}

/** The registry: a list of requests, scripted faults per call name. */
class FakeRegistry implements RegistryPort {
  requests: (DrsRequest & { rows: string[][] })[] = [];
  whitelist = new Set<string>();
  tacs = new Set([TAC]);
  /** Per call name, in order: an error to throw, 'store-then-error', or nothing (a hook). */
  faults: Record<string, (() => Error | 'store-then-error' | void)[]> = {};
  calls: string[] = [];
  outcome: 'Approved' | 'Rejected' = 'Approved';
  duplicates: string[] = [];

  private fault(name: string): Error | 'store-then-error' | undefined {
    this.calls.push(name);
    return this.faults[name]?.shift()?.() ?? undefined;
  }
  private make(input: CreateRegistrationInput): DrsRequest & { rows: string[][] } {
    const id = this.requests.length + 1;
    const req = {
      id,
      trackingId: `t${id}`,
      userId: 'factory-01',
      userName: 'Linetrack',
      file: input.fileName,
      deviceCount: input.rows.length,
      statusLabel: 'New Request',
      processingStatusLabel: 'New Request',
      reportStatusLabel: 'New Request',
      duplicateImeisFile: null,
      createdAt: new Date().toISOString(),
      rows: input.rows,
    };
    this.requests.push(req);
    return req;
  }
  knownTacs(tacs: string[]) {
    const f = this.fault('tac');
    if (f instanceof Error) return Promise.reject(f);
    return Promise.resolve(new Set(tacs.filter((t) => this.tacs.has(t))));
  }
  imeiStatuses(imeis: string[]) {
    this.calls.push('imei-batch');
    return Promise.resolve(
      new Map(
        imeis.map((i) => [i.slice(0, 14), this.whitelist.has(i.slice(0, 14)) ? 'whitelist' : null]),
      ),
    );
  }
  createRegistration(input: CreateRegistrationInput) {
    const f = this.fault('create');
    if (f === 'store-then-error') {
      this.make(input);
      return Promise.reject(new RegistryOutcomeUnknownError('500 after storing', 500));
    }
    if (f) return Promise.reject(f);
    return Promise.resolve(this.make(input));
  }
  sendDeviceDetails(regId: number) {
    const f = this.fault('device');
    const req = this.requests[regId - 1];
    if (f instanceof Error) return Promise.reject(f);
    req.statusLabel = this.outcome;
    req.processingStatusLabel = 'Processed';
    if (this.outcome === 'Rejected')
      req.duplicateImeisFile = `/up/${req.trackingId}/duplicated_imeis.txt`;
    if (f === 'store-then-error')
      return Promise.reject(new RegistryOutcomeUnknownError('500 after processing started', 500));
    return Promise.resolve();
  }
  getRegistration(regId: number) {
    this.calls.push('get');
    return Promise.resolve({ ...this.requests[regId - 1] });
  }
  /** As DRS: every field must match, dates by day, IMEIs of processed requests only. */
  searchOwnRegistrations(search: OwnRequestSearch) {
    const f = this.fault('search');
    if (f instanceof Error) return Promise.reject(f);
    const day = (at: string | Date) => new Date(at).toISOString().slice(0, 10);
    const hits = this.requests.filter(
      (r) =>
        r.userId === 'factory-01' &&
        (search.status === undefined || r.statusLabel === search.status) &&
        (search.createdFrom === undefined || day(r.createdAt) >= day(search.createdFrom)) &&
        (search.createdTo === undefined || day(r.createdAt) <= day(search.createdTo)) &&
        (search.imei === undefined ||
          (r.processingStatusLabel === 'Processed' &&
            r.rows.some((row) => row.some((i) => i.startsWith(search.imei!.slice(0, 14)))))),
    );
    return Promise.resolve(
      hits.reverse().map((r) => ({ id: r.id, statusLabel: r.statusLabel, createdAt: r.createdAt })),
    );
  }
  closeRegistration(regId: number) {
    this.calls.push(`close:${regId}`);
    this.requests[regId - 1].statusLabel = 'Closed';
    return Promise.resolve({ ...this.requests[regId - 1] });
  }
  duplicateImeis() {
    return Promise.resolve(this.duplicates);
  }
  deregs: (DrsRequest & { imeis: string[]; reason: string })[] = [];
  createDeregistration(input: CreateDeregistrationInput) {
    const f = this.fault('dereg-create');
    const make = () => {
      const id = this.deregs.length + 1;
      const request = {
        id,
        trackingId: `d${id}`,
        userId: 'factory-01',
        userName: 'Linetrack',
        file: input.fileName,
        deviceCount: input.imeis.length,
        statusLabel: 'New Request',
        processingStatusLabel: 'New Request',
        reportStatusLabel: 'New Request',
        duplicateImeisFile: null,
        createdAt: new Date().toISOString(),
        imeis: input.imeis,
        reason: input.reason,
      };
      this.deregs.push(request);
      return { request: { ...request }, devices: [{ tac: TAC, count: input.imeis.length }] };
    };
    if (f === 'store-then-error') {
      make();
      return Promise.reject(new RegistryOutcomeUnknownError('500 after storing', 500));
    }
    if (f) return Promise.reject(f);
    return Promise.resolve(make());
  }
  sendDeregistrationDevices(deregId: number) {
    this.calls.push('dereg-devices');
    const req = this.deregs[deregId - 1];
    const missing = req.imeis.map((i) => i.slice(0, 14)).filter((i) => !this.whitelist.has(i));
    if (missing.length > 0)
      return Promise.reject(
        new RegistryRefusedError('422', 422, { not_registered_imeis: missing }),
      );
    req.imeis.forEach((i) => this.whitelist.delete(i.slice(0, 14)));
    req.statusLabel = 'Approved';
    return Promise.resolve();
  }
  getDeregistration(deregId: number) {
    this.calls.push('dereg-get');
    return Promise.resolve({ ...this.deregs[deregId - 1] });
  }
}

const SETTINGS: PushSettings = {
  userId: 'factory-01',
  maxAttempts: 3,
  leaseMs: 1000,
  pollIntervalMs: 1,
  pollsPerRun: 3,
  backoffMs: 100,
  backoffMaxMs: 1000,
};

function setup(n = 3) {
  const store = new FakeStore();
  store.units = Array.from({ length: n }, (_, i) => unit(i + 1));
  const registry = new FakeRegistry();
  const queue: SubmissionQueue & { ids: string[] } = {
    ids: [],
    enqueue: (ids) => Promise.resolve(void queue.ids.push(...ids)),
  };
  return { store, registry, queue, push: new PushService(store, registry, queue, SETTINGS) };
}

describe('PushService', () => {
  it('walks create, device step and poll, then registers every unit', async () => {
    const { store, registry, push } = setup();
    await expect(push.run('s1')).resolves.toEqual({ kind: 'done', state: 'APPROVED' });
    expect(registry.requests).toHaveLength(1);
    expect(registry.requests[0].rows).toEqual(store.units.map((u) => u.imeis));
    expect([...store.outcomes.values()]).toEqual(['REGISTERED', 'REGISTERED', 'REGISTERED']);
    expect(store.steps.map((s) => s.step)).toEqual([
      'tac-lookup',
      'imei-lookup',
      'create',
      'device',
      'outcome',
    ]);
  });

  it('holds back a bad Luhn digit, a wrong IMEI count and an unknown TAC, and sends the rest', async () => {
    const { store, registry, push } = setup(4);
    store.units[0].imeis[1] =
      store.units[0].imeis[1].slice(0, 14) + ((Number(store.units[0].imeis[1][14]) + 1) % 10);
    store.units[1].imeis = [store.units[1].imeis[0]];
    store.units[2].imeis = [imeiOf('35999999', 1), imeiOf('35999999', 2)];
    await push.run('s1');
    expect(store.outcomes.get('u1')).toMatch(/Luhn/);
    expect(store.outcomes.get('u2')).toMatch(/has 1 IMEIs/);
    expect(store.outcomes.get('u3')).toMatch(/TAC 35999999 is not known/);
    expect(store.outcomes.get('u4')).toBe('REGISTERED');
    expect(registry.requests[0].rows).toEqual([store.units[3].imeis]);
  });

  it('rejects a unit whose IMEI is already whitelisted without sinking the batch', async () => {
    const { store, registry, push } = setup();
    registry.whitelist.add(store.units[1].imeis[1].slice(0, 14));
    await push.run('s1');
    expect(store.outcomes.get('u2')).toMatch(/^REJECTED: Duplicate: IMEI/);
    expect(store.outcomes.get('u1')).toBe('REGISTERED');
    expect(registry.requests[0].deviceCount).toBe(2);
  });

  it('adopts the request a create stored before answering 500, and never creates a second', async () => {
    const { store, registry, push } = setup();
    registry.faults.create = [() => 'store-then-error'];
    await expect(push.run('s1')).resolves.toEqual({ kind: 'done', state: 'APPROVED' });
    expect(registry.requests).toHaveLength(1);
    expect(store.steps.find((s) => s.step === 'lookup')?.outcome).toBe('adopted 1');
  });

  it('after an unknown create that stored nothing, retries with backoff and looks again before creating', async () => {
    const { store, registry, push } = setup();
    registry.faults.create = [() => new RegistryOutcomeUnknownError('no answer within 1000 ms')];
    const first = await push.run('s1');
    expect(first).toMatchObject({ kind: 'retry' });
    expect(registry.requests).toHaveLength(0);
    await expect(push.run('s1')).resolves.toEqual({ kind: 'done', state: 'APPROVED' });
    expect(store.steps.filter((s) => s.step === 'lookup')).toHaveLength(2);
    expect(registry.requests).toHaveLength(1);
  });

  it.each([
    ['holds it', 'another-run'],
    ['has taken it and released it since', null],
  ])(
    'stops without sending or counting a failure when, during its lookup, another run %s',
    async (_, ownerAfter) => {
      const { store, registry, push } = setup();
      store.sub = { ...store.sub, state: 'CREATING', createStartedAt: new Date() };
      // this run's lease expired in a long lookup, and another run took the submission
      registry.faults.search = [() => void (store.leaseOwner = ownerAfter)];
      await expect(push.run('s1')).resolves.toEqual({ kind: 'wait', delayMs: SETTINGS.leaseMs });
      expect(registry.requests).toHaveLength(0);
      expect(store.steps.map((s) => s.step)).toEqual([]);
      expect(store.sub.failuresInARow).toBe(0);
    },
  );

  it('adopts the request its submission recorded in another run, however stale its own copy', async () => {
    const { store, registry, push } = setup();
    await registry.createRegistration({
      fileName: store.sub.fileName,
      rows: [['x']],
      imeiPerDevice: 1,
    });
    // a stalled run's copy says CREATING with no request; another run has recorded request 1
    store.sub = { ...store.sub, state: 'CREATING', createStartedAt: new Date() };
    await expect(push.run('s1')).resolves.toEqual({ kind: 'done', state: 'APPROVED' });
    expect(registry.requests).toHaveLength(1);
    expect(store.steps.find((s) => s.step === 'lookup')?.outcome).toBe('adopted 1');
  });

  it('looking for its request, reads none that another submission has recorded', async () => {
    const { store, registry, push } = setup();
    const other = { fileName: 'lt-0002.tsv', rows: [['x']], imeiPerDevice: 1 };
    await registry.createRegistration(other);
    await registry.createRegistration(other);
    store.othersRegIds = new Set([1, 2]);
    registry.faults.create = [() => 'store-then-error'];
    await expect(push.run('s1')).resolves.toEqual({ kind: 'done', state: 'APPROVED' });
    expect(store.steps.find((s) => s.step === 'lookup')?.outcome).toBe('adopted 3');
    // the adoption read request 3 only; the poll read it again
    expect(registry.calls.filter((c) => c === 'get')).toHaveLength(2);
  });

  it('when a crash lost the answer, adopts one of two requests with its file name and closes the other', async () => {
    const { store, registry, push } = setup();
    store.sub = { ...store.sub, state: 'CREATING', createStartedAt: new Date() };
    const input = {
      fileName: store.sub.fileName,
      rows: store.units.map((u) => u.imeis),
      imeiPerDevice: 2,
    };
    await registry.createRegistration(input);
    await registry.createRegistration(input);
    registry.calls = [];
    await expect(push.run('s1')).resolves.toEqual({ kind: 'done', state: 'APPROVED' });
    expect(store.sub.regId).toBe(1);
    expect(registry.requests.map((r) => r.statusLabel)).toEqual(['Approved', 'Closed']);
    expect(registry.calls).not.toContain('create');
  });

  it('when a crash lost the answer of a request that has since been approved, adopts it by its IMEIs', async () => {
    const { store, registry, push } = setup();
    const startedAt = new Date(Date.now() - 3 * 24 * 3600 * 1000);
    store.sub = { ...store.sub, state: 'CREATING', createStartedAt: startedAt };
    const others = { rows: [['351234560099990']], imeiPerDevice: 1 };
    await registry.createRegistration({ ...others, fileName: 'lt-other-1.tsv' });
    const ours = await registry.createRegistration({
      fileName: store.sub.fileName,
      rows: store.units.map((u) => u.imeis),
      imeiPerDevice: 2,
    });
    await registry.sendDeviceDetails(ours.id);
    await registry.createRegistration({ ...others, fileName: 'lt-other-2.tsv' });
    registry.calls = [];
    await expect(push.run('s1')).resolves.toEqual({ kind: 'done', state: 'APPROVED' });
    expect(store.sub.regId).toBe(ours.id);
    expect(registry.calls).not.toContain('create');
    expect(registry.calls).not.toContain('device');
    expect(store.steps.find((s) => s.step === 'lookup')).toMatchObject({
      outcome: `adopted ${ours.id}`,
      detail: { matches: [{ id: ours.id, status: 'Approved' }] },
    });
  });

  it('does not resend the device step when it took effect before a 500, it polls', async () => {
    const { store, registry, push } = setup();
    registry.faults.device = [() => 'store-then-error'];
    await expect(push.run('s1')).resolves.toEqual({ kind: 'done', state: 'APPROVED' });
    expect(registry.calls.filter((c) => c === 'device')).toHaveLength(1);
    expect(store.steps.map((s) => `${s.step}:${s.outcome}`)).toContain('status:Approved');
  });

  it('resumes a submission whose device step was sent but not recorded', async () => {
    const { store, registry, push } = setup();
    const req = await registry.createRegistration({
      fileName: store.sub.fileName,
      rows: [],
      imeiPerDevice: 2,
    });
    req.statusLabel = 'Approved';
    store.sub = { ...store.sub, state: 'CREATED', createStartedAt: new Date(), regId: 1 };
    registry.faults.device = [() => new (class extends Error {})()];
    // the device call fails with a plain error first: counted as a failure, then resumed
    await push.run('s1');
    await expect(push.run('s1')).resolves.toEqual({ kind: 'done', state: 'APPROVED' });
  });

  it('on a rejection, rejects the units named as duplicates and sends the rest in a new submission', async () => {
    const { store, registry, queue, push } = setup();
    registry.outcome = 'Rejected';
    registry.duplicates = [store.units[0].imeis[0].slice(0, 14)];
    await expect(push.run('s1')).resolves.toEqual({ kind: 'done', state: 'REJECTED' });
    expect(store.outcomes.get('u1')).toMatch(/Duplicate: IMEI .* \(registry request t1\)/);
    expect(store.outcomes.get('u2')).toBe('REQUEUED');
    expect(queue.ids).toEqual(['s2']);
  });

  it('answers a 429 with a rate-limit pause that costs no attempt', async () => {
    const { store, registry, push } = setup();
    registry.faults.tac = [() => new RegistryRateLimitedError(2000)];
    await expect(push.run('s1')).resolves.toEqual({ kind: 'rate-limited', delayMs: 2000 });
    expect(store.sub.failuresInARow).toBe(0);
  });

  it('parks the submission as FAILED after REGISTRY_MAX_ATTEMPTS failures in a row', async () => {
    const { store, registry, push } = setup();
    registry.faults.tac = [1, 2, 3].map(() => () => new RegistryUnavailableError('down'));
    await expect(push.run('s1')).resolves.toMatchObject({ kind: 'retry' });
    await expect(push.run('s1')).resolves.toMatchObject({ kind: 'retry' });
    await expect(push.run('s1')).resolves.toMatchObject({ kind: 'failed' });
    expect(store.sub.state).toBe('FAILED');
  });

  it('fails at once, without calling the registry, for a model without an operating system', async () => {
    const { store, registry, push } = setup();
    store.model_.operatingSystem = null;
    await expect(push.run('s1')).resolves.toMatchObject({
      kind: 'failed',
      message: expect.stringMatching(/operatingSystem/),
    });
    expect(registry.calls).toEqual([]);
  });
});

describe('chooseAdoption', () => {
  const req = (id: number, statusLabel: string) => ({ id, statusLabel }) as DrsRequest;
  it('prefers the recorded request, then one past New Request, then the oldest; closes other New Requests', () => {
    expect(chooseAdoption([req(3, 'New Request'), req(2, 'New Request')], 3)).toEqual({
      adopt: req(3, 'New Request'),
      close: [req(2, 'New Request')],
    });
    expect(chooseAdoption([req(2, 'New Request'), req(5, 'Pending Review')], null).adopt?.id).toBe(
      5,
    );
    expect(chooseAdoption([req(4, 'Closed'), req(6, 'New Request')], null)).toEqual({
      adopt: req(6, 'New Request'),
      close: [],
    });
    expect(chooseAdoption([req(4, 'Closed')], null)).toEqual({ adopt: null, close: [] });
  });
});

describe('PushService, de-registration', () => {
  function setupDereg(n = 3) {
    const ctx = setup(n);
    Object.assign(ctx.store.sub, {
      kind: 'DEREGISTER',
      fileName: 'lt-0001.txt',
      reason: 'Export to AE',
    });
    for (const u of ctx.store.units)
      u.imeis.forEach((i) => ctx.registry.whitelist.add(i.slice(0, 14)));
    return ctx;
  }

  it('creates with every IMEI and the reason, sends the devices step, and de-registers on approval', async () => {
    const { store, registry, push } = setupDereg();
    await expect(push.run('s1')).resolves.toEqual({ kind: 'done', state: 'APPROVED' });
    expect(registry.deregs).toHaveLength(1);
    expect(registry.deregs[0].imeis).toEqual(store.units.flatMap((u) => u.imeis));
    expect(registry.deregs[0].reason).toBe('Export to AE');
    expect(registry.whitelist.size).toBe(0);
    expect(store.resolutions[0].registered).toEqual(['u1', 'u2', 'u3']);
    expect(store.steps.map((s) => s.step)).toEqual([
      'dereg-create',
      'dereg-devices',
      'dereg-outcome',
    ]);
  });

  it('after an unknown create outcome, creates again (nothing to adopt) and the lost request holds nothing', async () => {
    const { store, registry, push } = setupDereg();
    registry.faults['dereg-create'] = [() => 'store-then-error'];
    await expect(push.run('s1')).resolves.toMatchObject({ kind: 'retry' });
    await expect(push.run('s1')).resolves.toEqual({ kind: 'done', state: 'APPROVED' });
    expect(registry.deregs.map((d) => d.statusLabel)).toEqual(['New Request', 'Approved']);
    expect(store.resolutions[0].registered).toHaveLength(3);
  });

  it('counts units whose IMEIs the registry already removed as done and sends the others again', async () => {
    const { store, registry, queue, push } = setupDereg();
    store.units[1].imeis.forEach((i) => registry.whitelist.delete(i.slice(0, 14)));
    await expect(push.run('s1')).resolves.toEqual({ kind: 'done', state: 'CLOSED' });
    expect(store.resolutions[0]).toMatchObject({ registered: ['u2'], requeue: ['u1', 'u3'] });
    expect(queue.ids).toEqual(['s2']);
  });

  it('reads not_registered_imeis only from that refusal', () => {
    expect(notRegisteredImeis({ not_registered_imeis: ['35123456000000'] })).toEqual([
      '35123456000000',
    ]);
    expect(notRegisteredImeis({ status: ['x'] })).toBeNull();
    expect(notRegisteredImeis('x')).toBeNull();
  });
});

describe('relayDecision', () => {
  it('sends de-registrations only for registered units and drops those the registry does not hold', () => {
    expect(relayDecision('REGISTER', 'PENDING')).toBe('submit');
    expect(relayDecision('DEREGISTER', 'REGISTERED')).toBe('submit');
    expect(relayDecision('DEREGISTER', 'REJECTED')).toBe('drop');
    expect(relayDecision('DEREGISTER', 'DEREGISTERED')).toBe('drop');
  });
});

describe('backoffDelay', () => {
  it('doubles per failure in a row, capped, with half of it random', () => {
    expect(backoffDelay(1, 100, 1000, () => 0)).toBe(50);
    expect(backoffDelay(3, 100, 1000, () => 1)).toBe(400);
    expect(backoffDelay(10, 100, 1000, () => 1)).toBe(1000);
  });
});
