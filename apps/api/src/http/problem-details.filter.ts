import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorKind, FieldError } from '@lt/core';
import { MAX_CSV_UPLOAD_BYTES } from './uploaded-csv';

/** RFC 9457 problem details. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [fact: string]: unknown;
}

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const problemType = (code: string) => `https://linetrack.dev/problems/${code}`;

/** snake_case column to the camelCase field name the API uses. */
const toField = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The columns named in a PostgreSQL key detail, e.g. `Key (lower(email::text))=(a@b) already exists.` */
function fieldsOfKeyDetail(detail: string | undefined): string[] {
  const match = /Key \((.+?)\)=\(/.exec(detail ?? '');
  if (!match) return [];
  return match[1]
    .split(',')
    .map(
      (part) =>
        /([a-z_]+)(::[a-z ]+)?\)*\s*$/.exec(part.trim().replace(/^lower\(/, ''))?.[1] ?? part,
    )
    .map(toField);
}

/**
 * Network failures, as Node names them. They count only on a socket's own call (`syscall`:
 * connect, read, write, getaddrinfo): a client that leaves mid-upload is ECONNRESET too.
 */
const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
  'ENOTFOUND', // the database's host name does not resolve, as while its container restarts
  'EAI_AGAIN',
]);
/** PostgreSQL's own: a connection exception (class 08), shutting down or starting up, full. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** node-postgres's messages for a connection it lost or could not make in time. */
const LOST_CONNECTION =
  /^Connection terminated|^timeout exceeded when trying to connect|^Client has encountered a connection error/;
/**
 * TypeORM's, when a transaction's connection was lost between two statements: the query
 * runner was released under it. This code never releases one itself while using it.
 */
const RELEASED_RUNNER = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);

/**
 * PostgreSQL could not be reached or refused to work for now: an outage the client can
 * wait out (a restart, a failover, a lost connection), not a fault in the request or the code.
 */
export function databaseUnavailable(exception: unknown): boolean {
  const error = (exception instanceof QueryFailedError ? exception.driverError : exception) as
    { code?: unknown; syscall?: unknown; message?: unknown; name?: unknown } | undefined;
  if (!error) return false;
  const code = typeof error.code === 'string' ? error.code : '';
  return (
    (NETWORK_ERRORS.has(code) && typeof error.syscall === 'string') ||
    code.startsWith('08') ||
    UNAVAILABLE_STATES.has(code) ||
    (typeof error.message === 'string' && LOST_CONNECTION.test(error.message)) ||
    (typeof error.name === 'string' && RELEASED_RUNNER.has(error.name))
  );
}

/** Terminus's report of a failed health check (`/health`): which service does not answer. */
function healthReport(body: unknown): { facts: Record<string, unknown>; detail: string } | null {
  if (typeof body !== 'object' || body === null || !('details' in body)) return null;
  const { info, error, details } = body as { info?: object; error?: object; details: object };
  return {
    facts: { info, error, details },
    detail: `Not answering: ${Object.keys(error ?? {}).join(', ') || 'unknown'}.`,
  };
}

/** How long a client is asked to wait when the database is out. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The one place errors become HTTP answers: domain errors, framework exceptions, body
 * parser failures and database constraint violations all leave as application/problem+json.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.send(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  private send(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const problem = this.toProblem(exception, request.routeOptions?.bodyLimit);
    problem.instance = request.originalUrl;
    if (problem.type === problemType('database-unavailable')) {
      // One line, no stack: an outage answers every request so, and says nothing new.
      this.logger.warn(
        { method: request.method, url: request.originalUrl, reason: String(exception) },
        'database unavailable',
      );
    } else if (problem.status >= 500) {
      this.logger.error(
        { err: exception, method: request.method, url: request.originalUrl },
        'request failed',
      );
    }
    if (reply.sent) return;
    // A streamed answer (a manifest) failed midway: cut the connection, so the client sees
    // a broken download, not a short file that looks whole.
    if (reply.raw.headersSent) {
      reply.raw.destroy();
      return;
    }
    if (typeof problem.retryAfterSeconds === 'number') {
      void reply.header('Retry-After', String(problem.retryAfterSeconds));
    }
    void reply
      .status(problem.status)
      .type('application/problem+json')
      .send(JSON.stringify(problem));
  }

  /** `bodyLimit`: the route's request body limit, named when a body exceeds it. */
  toProblem(exception: unknown, bodyLimit?: number): Problem {
    if (exception instanceof DomainError) {
      const status =
        exception.code === 'sign-in-refused'
          ? 401
          : exception.code === 'sign-in-throttled'
            ? 429
            : STATUS_BY_KIND[exception.kind];
      // Facts first: a fact can never overwrite the problem's own members (e.g. a `status` fact).
      return {
        ...exception.facts,
        type: problemType(exception.code),
        title: TITLES[status] ?? 'Error',
        status,
        detail: exception.message,
        ...(exception.errors ? { errors: exception.errors } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Fastify's refusals of a body, which Nest hands on as bare HttpExceptions.
      if (status === 413 && bodyLimit)
        return {
          type: problemType('body-too-large'),
          title: TITLES[413],
          status,
          detail: `The request body is larger than the limit of ${bodyLimit} bytes.`,
        };
      if (status === 415)
        return {
          type: problemType('unsupported-media-type'),
          title: TITLES[415],
          status,
          detail: 'Send the body as application/json (a file upload as multipart/form-data).',
        };
      const body = exception.getResponse();
      const health = healthReport(body);
      if (health)
        return {
          ...health.facts,
          type: 'about:blank',
          title: TITLES[status] ?? 'Error',
          status,
          detail: health.detail,
        };
      const raw = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      const message = Array.isArray(raw)
        ? raw.map(String).join('; ')
        : typeof raw === 'string'
          ? raw
          : exception.message;
      return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail: message };
    }
    const bodyError = exception as { code?: string; statusCode?: number; message?: string };
    if (bodyError?.code === 'FST_REQ_FILE_TOO_LARGE') {
      return {
        type: problemType('body-too-large'),
        title: TITLES[413],
        status: 413,
        detail: `The file is larger than the limit of ${MAX_CSV_UPLOAD_BYTES} bytes.`,
        errors: [{ field: 'file', message: `must be at most ${MAX_CSV_UPLOAD_BYTES} bytes` }],
      };
    }
    if (exception instanceof QueryFailedError) {
      const pg = exception.driverError as { code?: string; detail?: string; constraint?: string };
      const fields = fieldsOfKeyDetail(pg.detail);
      if (pg.code === '23505') {
        const field = fields.join(', ') || pg.constraint || 'value';
        return {
          type: problemType('conflict'),
          title: TITLES[409],
          status: 409,
          detail: `Another record already has this ${field}.`,
          errors: fields.map((f) => ({ field: f, message: 'must be unique' })),
        };
      }
      if (pg.code === '23503') {
        const field = fields[0] ?? 'reference';
        return {
          type: problemType('unknown-reference'),
          title: TITLES[422],
          status: 422,
          detail: `The ${field} does not refer to an existing record.`,
          errors: [{ field, message: 'must refer to an existing record' }],
        };
      }
    }
    if (databaseUnavailable(exception)) {
      return {
        type: problemType('database-unavailable'),
        title: TITLES[503],
        status: 503,
        detail:
          'The database cannot be reached just now. Try again in a few seconds, with the same ' +
          'Idempotency-Key where the request has one.',
        retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      };
    }
    if (
      bodyError &&
      typeof bodyError.statusCode === 'number' &&
      bodyError.statusCode >= 400 &&
      bodyError.statusCode < 500
    ) {
      return {
        type: 'about:blank',
        title: TITLES[bodyError.statusCode] ?? 'Error',
        status: bodyError.statusCode,
        detail: bodyError.message ?? 'Bad request',
      };
    }
    return {
      type: 'about:blank',
      title: TITLES[500],
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: 'Something went wrong on the server; it has been logged.',
    };
  }
}
