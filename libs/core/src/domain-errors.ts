/**
 * Errors the domain throws, carrying the facts. One exception filter in the API turns them
 * into problem+json; domain code never builds HTTP answers itself.
 */
export type ErrorKind =
  'invalid' | 'not-found' | 'conflict' | 'unprocessable' | 'forbidden' | 'unavailable';

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** A short stable code, e.g. "stage-out-of-order"; becomes the problem type. */
    readonly code: string,
    message: string,
    /** Extra facts for the client, e.g. `{ expectedStage: "RF" }`. */
    readonly facts: Record<string, unknown> = {},
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends DomainError {
  constructor(errors: FieldError[], message = 'The request has invalid fields.') {
    super('invalid', 'validation', message, {}, errors);
  }

  static field(field: string, message: string): InvalidInputError {
    return new InvalidInputError([{ field, message }], `${field}: ${message}`);
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, ref: string) {
    super('not-found', 'not-found', `${entity} ${ref} was not found.`, { entity, ref });
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, facts: Record<string, unknown> = {}) {
    super('conflict', code, message, facts);
  }
}

export class RuleViolationError extends DomainError {
  constructor(code: string, message: string, facts: Record<string, unknown> = {}) {
    super('unprocessable', code, message, facts);
  }
}

/** A body field refers to a record that does not exist (e.g. `workOrderId`). */
export class UnknownReferenceError extends DomainError {
  constructor(field: string, entity: string, ref: string) {
    super('unprocessable', 'unknown-reference', `${field}: no ${entity} has the id ${ref}.`, {}, [
      { field, message: `must refer to an existing ${entity}` },
    ]);
  }
}
