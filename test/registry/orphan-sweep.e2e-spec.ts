import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '@lt/config';
import { QUEUES } from '@lt/queue';
import {
  BullSubmissionQueue,
  DrsRegistryClient,
  ReconcileService,
  RegistryUnavailableError,
  submissionFileName,
} from '@lt/registry';
import {
  API_KEY,
  bootSim,
  createRegistration,
  imei,
  SimHarness,
  TAC_DUAL,
  USER,
} from '../registry-sim/sim-harness';
import { ApiHarness, startApi } from '../support/api-harness';
import { createQcFixture } from '../support/factories';

/**
 * The reconciliation's orphan sweep against the stand-in: of our requests left at
 * `New Request`, it closes those no submission owns, and leaves the ones a live (or failed)
 * submission has recorded, the one a submission may still adopt, and other files.
 */
describe('orphan sweep', () => {
  let sim: SimHarness;
  let api: ApiHarness;
  let serial = 0;

  beforeAll(async () => {
    sim = await bootSim();
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
    await sim?.close();
  });

  const config = () =>
    loadAppConfig({
      REGISTRY_URL: sim.url,
      REGISTRY_API_KEY: API_KEY,
      REGISTRY_USER_ID: USER,
      REGISTRY_STALE_AFTER_MS: '1000',
    });
  const request = async (fileName: string) =>
    (
      await createRegistration(sim, {
        rows: [[imei(TAC_DUAL, ++serial), imei(TAC_DUAL, ++serial)]],
        fileName,
      }).expect(200)
    ).body as { id: number };
  const sweepWith = (client: DrsRegistryClient) =>
    new ReconcileService(
      api.app.get(DataSource),
      config(),
      new BullSubmissionQueue(api.app.get<Queue>(getQueueToken(QUEUES.registry))),
      client,
    );
  const olderThanStaleAfter = () => new Promise((resolve) => setTimeout(resolve, 1100));

  it('closes our requests at New Request that no submission owns, and only those', async () => {
    const db = api.app.get(DataSource);
    const { deviceModelId } = await createQcFixture(api);
    const client = new DrsRegistryClient(config());
    const submission = async (state: string, regId: number | null) => {
      const id = randomUUID();
      await db.query(
        `INSERT INTO registry_submissions (id, device_model_id, kind, state, file_name, device_count, reg_id)
         VALUES ($1, $2, 'REGISTER', $3, $4, 1, $5)`,
        [id, deviceModelId, state, submissionFileName(id), regId],
      );
      return submissionFileName(id);
    };

    const orphan = await request(submissionFileName(randomUUID()));
    const recorded = await request(submissionFileName(randomUUID()));
    await submission('CREATED', recorded.id);
    const parked = await request(submissionFileName(randomUUID()));
    await submission('FAILED', parked.id);
    // a create whose answer was lost: the submission has its file name, not the request yet
    const waiting = await request(await submission('CREATING', null));
    const foreign = await request('b000123.tsv');
    await olderThanStaleAfter();

    const sweep = sweepWith(client);
    await expect(sweep.reconcile()).resolves.toMatchObject({ orphansClosed: 1 });
    const status = async (r: { id: number }) => (await client.getRegistration(r.id)).statusLabel;
    expect(await status(orphan)).toBe('Closed');
    for (const kept of [recorded, parked, waiting, foreign])
      expect(await status(kept)).toBe('New Request');
    // nothing left to close
    await expect(sweep.reconcile()).resolves.toMatchObject({ orphansClosed: 0 });
  });
  it('passes over a request the registry fails to read (5xx) and closes it on a later sweep', async () => {
    const unreadable = await request(submissionFileName(randomUUID()));
    const readable = await request(submissionFileName(randomUUID()));
    await olderThanStaleAfter();
    let failing = true;
    const client = new (class extends DrsRegistryClient {
      override async getRegistration(regId: number) {
        if (failing && regId === unreadable.id)
          throw new RegistryUnavailableError(`registry answered 500 for ${regId}`, 500);
        return super.getRegistration(regId);
      }
    })(config());
    const status = async (r: { id: number }) => (await client.getRegistration(r.id)).statusLabel;

    await expect(sweepWith(client).reconcile()).resolves.toMatchObject({ orphansClosed: 1 });
    failing = false;
    expect(await status(readable)).toBe('Closed');
    expect(await status(unreadable)).toBe('New Request');
    await expect(sweepWith(client).reconcile()).resolves.toMatchObject({ orphansClosed: 1 });
    expect(await status(unreadable)).toBe('Closed');
  });
});
