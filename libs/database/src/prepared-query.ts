import { EntityManager } from 'typeorm';

/**
 * `tx.query` as a named prepared statement, for the few statements run for every unit or
 * result: PostgreSQL parses a named statement once per connection and, after five runs,
 * may keep one plan for it, where an unnamed statement is parsed and planned on every run
 * (a third of the database's work for a group of single QC results). `name` must stand
 * for one `text` only, and a statement whose text changes takes a new name. A statement
 * names the columns it reads: a connection keeps a prepared statement's result types, so
 * `SELECT *` would fail once a migration changed them under a running process. TypeORM
 * hands the object on to node-postgres unchanged.
 */
export function preparedQuery<T>(
  tx: Pick<EntityManager, 'query'>,
  name: string,
  text: string,
  values: unknown[],
): Promise<T> {
  return tx.query<T>({ name, text } as unknown as string, values);
}
