import { AppConfig } from '@lt/config';
import { DrsRegistryClient } from './drs-registry.client';
import {
  RegistryOutcomeUnknownError,
  RegistryRateLimitedError,
  RegistryUnavailableError,
} from './registry-errors';

const CONFIG = {
  REGISTRY_URL: 'http://registry.test',
  registryCoreUrl: 'http://registry.test',
  REGISTRY_API_KEY: 'key',
  REGISTRY_USER_ID: 'factory-01',
  REGISTRY_USER_NAME: 'Linetrack',
  REGISTRY_LOCATION: 'local',
  REGISTRY_TIMEOUT_MS: 1000,
} as unknown as AppConfig;

const REQUEST = { id: 7, tracking_id: 't7', status_label: 'New Request', file: 'lt-1.tsv' };

const answer =
  (status: number, body: unknown = { message: 'try later' }) =>
  () =>
    Promise.resolve(new Response(JSON.stringify(body), { status }));
const timeout = () => () =>
  Promise.reject(
    Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }),
  );

/** The registry's answers in order, one per call; counts the calls. */
function scripted(...answers: (() => Promise<Response>)[]) {
  const spy = jest.spyOn(globalThis, 'fetch').mockImplementation(() => {
    const next = answers.shift();
    if (!next) throw new Error('more calls than scripted');
    return next();
  });
  return spy;
}

describe('DrsRegistryClient, failed calls', () => {
  const client = new DrsRegistryClient(CONFIG);
  afterEach(() => jest.restoreAllMocks());

  it('asks a read answered 5xx again, twice, and takes the answer that comes', async () => {
    const fetch = scripted(answer(500), answer(503), answer(200, REQUEST));
    await expect(client.getRegistration(7)).resolves.toMatchObject({ id: 7, file: 'lt-1.tsv' });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('gives up on a read after three 5xx answers', async () => {
    const fetch = scripted(answer(500), answer(500), answer(502));
    await expect(client.getRegistration(7)).rejects.toBeInstanceOf(RegistryUnavailableError);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('asks a read once when it got no answer in time, was refused or rate-limited', async () => {
    for (const [failure, error] of [
      [timeout(), RegistryUnavailableError],
      [answer(401), RegistryUnavailableError],
      [answer(429), RegistryRateLimitedError],
    ] as const) {
      const fetch = scripted(failure);
      await expect(client.getRegistration(7)).rejects.toBeInstanceOf(error);
      expect(fetch).toHaveBeenCalledTimes(1);
      jest.restoreAllMocks();
    }
  });

  it('never sends a write again: a 5xx answer leaves its outcome unknown', async () => {
    const fetch = scripted(answer(500));
    await expect(
      client.createRegistration({ fileName: 'lt-1.tsv', rows: [['1']], imeiPerDevice: 1 }),
    ).rejects.toBeInstanceOf(RegistryOutcomeUnknownError);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
