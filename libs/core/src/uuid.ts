/** Any UUID as PostgreSQL's `uuid` type reads it (any version, any case). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a ref is a UUID, so it is looked up by id, not by a number or serial. */
export const isUuid = (ref: string): boolean => UUID.test(ref);
