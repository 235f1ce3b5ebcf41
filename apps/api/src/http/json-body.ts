import type { FastifyInstance } from 'fastify';
import { DomainError } from '@lt/core';

/** A JSON body that does not parse: 400 naming the body (type `malformed-json`). */
export class MalformedJsonError extends DomainError {
  constructor() {
    super('invalid', 'malformed-json', 'The request body is not valid JSON.', {}, [
      { field: 'body', message: 'must be valid JSON' },
    ]);
  }
}

/**
 * JSON bodies through Fastify's own parser (it refuses __proto__ and constructor keys), with
 * two differences: an empty body is `{}`, as clients that send the header on bodiless POSTs
 * expect; and a body that does not parse is a MalformedJsonError, which reaches the
 * problem-details filter as it is (Nest turns Fastify's own parse errors into a bare 400).
 */
export function parseJsonBodies(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body.length === 0) return done(null, {});
    void parse(request, body as string, (error, value) =>
      error ? done(new MalformedJsonError()) : done(null, value),
    );
  });
}
