/**
 * How a registry call can fail, from the caller's point of view. The distinction that
 * matters for exactly-once: did the call surely not take effect (unavailable), did the
 * registry refuse it (refused), or may it have taken effect (outcome unknown)?
 */
export class RegistryError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null = null,
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 429: wait Retry-After; not a failure of ours. */
export class RegistryRateLimitedError extends RegistryError {
  constructor(readonly retryAfterMs: number) {
    super(`registry rate limit: retry after ${retryAfterMs} ms`, 429);
  }
}

/** A read failed, or a write surely did not reach the registry (503 down, 401): try again later. */
export class RegistryUnavailableError extends RegistryError {}

/** A read the registry answered 5xx: it failed at its end, and asking again may be answered. */
export const isFailedRead = (error: unknown): error is RegistryUnavailableError =>
  error instanceof RegistryUnavailableError && (error.httpStatus ?? 0) >= 500;

/** A write timed out, was cut, or answered 5xx: it may or may not have taken effect. Ask before resending. */
export class RegistryOutcomeUnknownError extends RegistryError {}

/** A 4xx answer with the registry's body: the registry refused the call. */
export class RegistryRefusedError extends RegistryError {}
