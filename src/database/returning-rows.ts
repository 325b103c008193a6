/**
 * The rows of an `UPDATE … RETURNING` run through `EntityManager.query`: TypeORM answers `[rows, count]` on
 * node-postgres and the rows alone on PGlite.
 */
export function returningRows<T>(result: unknown): T[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) ? r[0] : r) as T[];
}
