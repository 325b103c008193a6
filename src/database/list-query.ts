import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** A list over `table` through TypeORM's query builder, its rows as the table stores them (column names as in SQL). */
export const rowsOf = (em: EntityManager, table: string, alias: string): SelectQueryBuilder<ObjectLiteral> =>
  em.createQueryBuilder().select(`${alias}.*`).from(table, alias);

/** One page of a list and the size of the whole list: two statements, the count without the order. */
export async function pageOf<T = Record<string, unknown>>(
  qb: SelectQueryBuilder<ObjectLiteral>,
  page: number,
  pageSize: number,
): Promise<{ rows: T[]; total: number }> {
  const counted = await qb.clone().select('count(*)::int', 'n').orderBy().getRawOne<{ n: number }>();
  const rows = await qb
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .getRawMany<T>();
  return { rows, total: Number(counted?.n ?? 0) };
}

/**
 * For a condition written by hand inside a query builder (a search over several columns): each value bound becomes a
 * named parameter with this prefix. `bind` has the shape of the positional binders the measured queries use.
 */
export function namedParams(prefix: string): { params: Record<string, unknown>; bind: (v: unknown) => string } {
  const params: Record<string, unknown> = {};
  return {
    params,
    bind: (v) => {
      const key = `${prefix}${Object.keys(params).length}`;
      params[key] = v;
      return `:${key}`;
    },
  };
}
