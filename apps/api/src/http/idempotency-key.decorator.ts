import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { InvalidInputError } from '@lt/core';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,200}$/;

function readKey(ctx: ExecutionContext, required: boolean): string | undefined {
  const value = ctx.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[
    'idempotency-key'
  ];
  if (value === undefined || value === '') {
    if (required)
      throw InvalidInputError.field(
        'Idempotency-Key',
        'header is required: send a unique key per scan, e.g. a UUID',
      );
    return undefined;
  }
  if (typeof value !== 'string' || !KEY_PATTERN.test(value)) {
    throw InvalidInputError.field('Idempotency-Key', 'must be 8 to 200 letters, digits or . _ : -');
  }
  return value;
}

/** The request's Idempotency-Key header; 400 naming the header when it is missing or malformed. */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  readKey(ctx, true),
);

/** The same, for routes where the key is optional. */
export const OptionalIdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  readKey(ctx, false),
);

/** Documents the header in the OpenAPI document. */
export const ApiIdempotencyKey = (required = true) =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required,
      description:
        'A unique key per action (e.g. a UUID). A retry with the same key replays the first answer and changes nothing.',
    }),
  );
