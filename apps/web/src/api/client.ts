import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { getSession, setSession } from '../auth/session';
import { reportNetwork } from '../lib/connection';

/** An RFC 9457 problem from the API, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(detail || title);
  }
  get offline(): boolean {
    return this.status === 0;
  }
  /** A failure worth sending again later: no answer, or the server/gateway failed. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
  /** The problem's code, the last part of its type (`…/problems/carton-not-closed`). */
  get code(): string | undefined {
    return typeof this.body.type === 'string' ? this.body.type.split('/problems/')[1] : undefined;
  }
  get fieldErrors(): { field: string; message: string }[] {
    return Array.isArray(this.body.errors)
      ? (this.body.errors as { field: string; message: string }[])
      : [];
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    const session = getSession();
    if (session) request.headers.set('Authorization', `Bearer ${session.token}`);
    return request;
  },
  onResponse({ response, request }) {
    reportNetwork(true);
    if (response.status === 401 && !request.url.endsWith('/api/auth/login')) setSession(null);
    return response;
  },
  onError({ error }) {
    reportNetwork(false);
    return new ApiError(0, 'offline', String((error as Error)?.message ?? error));
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** Turns an openapi-fetch result into its data, or throws an ApiError with the problem's detail. */
export async function ok<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    reportNetwork(false);
    throw new ApiError(0, 'offline', (error as Error).message);
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  const body = (typeof error === 'object' && error ? error : {}) as Record<string, unknown>;
  throw new ApiError(
    response.status,
    String(body.title ?? response.statusText),
    String(body.detail ?? body.title ?? response.statusText),
    body,
  );
}

/** Fetches a binary (label, manifest) with the session's token and returns a blob URL. */
export async function fetchBlobUrl(url: string): Promise<string> {
  const session = getSession();
  let response: Response;
  try {
    response = await fetch(url, {
      headers: session ? { Authorization: `Bearer ${session.token}` } : {},
    });
  } catch (error) {
    reportNetwork(false);
    throw new ApiError(0, 'offline', (error as Error).message);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    throw new ApiError(
      response.status,
      String(body.title ?? ''),
      String(body.detail ?? response.statusText),
      body,
    );
  }
  return URL.createObjectURL(await response.blob());
}

export function newKey(): string {
  return crypto.randomUUID();
}
