import type { FastifyReply, FastifyRequest } from 'fastify';
import { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { databaseUnavailable, ProblemDetailsFilter } from './problem-details.filter';

/** The filter's view of one request: its reply already streaming (headers out) or not. */
function hostFor(headersSent: boolean) {
  const raw = { headersSent, destroy: jest.fn() };
  const reply = { sent: false, raw, status: jest.fn(), header: jest.fn() };
  reply.status.mockReturnValue({ type: () => ({ send: jest.fn() }) });
  const request = { method: 'GET', originalUrl: '/api/export-lots/x/manifest.csv' };
  const host = {
    switchToHttp: () => ({
      getRequest: () => request as unknown as FastifyRequest,
      getResponse: () => reply as unknown as FastifyReply,
    }),
  } as unknown as ArgumentsHost;
  return { host, reply, raw };
}

describe('ProblemDetailsFilter', () => {
  const filter = new ProblemDetailsFilter();
  jest.spyOn(filter['logger'], 'error').mockImplementation(() => undefined);

  it('answers a failure before the answer started with a problem', () => {
    const { host, reply, raw } = hostFor(false);
    filter.catch(new Error('database went away'), host);
    expect(reply.status).toHaveBeenCalledWith(500);
    expect(raw.destroy).not.toHaveBeenCalled();
  });

  it('cuts the connection when a streamed answer fails midway, and sends nothing more', () => {
    const { host, reply, raw } = hostFor(true);
    expect(() => filter.catch(new Error('client left'), host)).not.toThrow();
    expect(raw.destroy).toHaveBeenCalled();
    expect(reply.status).not.toHaveBeenCalled();
  });

  it('tells a database outage from a fault', () => {
    const failed = (code: string) =>
      new QueryFailedError('SELECT 1', [], Object.assign(new Error('failed'), { code }));
    expect(databaseUnavailable(failed('57P01'))).toBe(true); // terminated by a restart
    expect(databaseUnavailable(failed('08006'))).toBe(true);
    const refused = Object.assign(new Error('refused'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
    });
    expect(databaseUnavailable(refused)).toBe(true);
    expect(databaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    const lookup = Object.assign(new Error('getaddrinfo'), {
      code: 'ENOTFOUND',
      syscall: 'getaddrinfo',
    });
    expect(databaseUnavailable(lookup)).toBe(true);
    expect(databaseUnavailable(new QueryRunnerAlreadyReleasedError())).toBe(true);
    // A client that left mid-upload is ECONNRESET too, but not a socket call of ours.
    expect(databaseUnavailable(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))).toBe(
      false,
    );
    expect(databaseUnavailable(failed('23505'))).toBe(false);
    expect(databaseUnavailable(new Error('database went away'))).toBe(false);
    expect(databaseUnavailable(undefined)).toBe(false);
  });
});
