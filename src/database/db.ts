import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';

/** What reading helpers need: an EntityManager inside a transaction, or `Db.autocommit` outside one. */
export type Queryable = Pick<EntityManager, 'query'>;

/**
 * The unit of work. Every database access goes through `tx` (writes, one transaction per state change),
 * `read`, or `statement` (one statement, atomic on its own). PGlite has a single session, so in embedded mode all
 * three are serialised process-wide; otherwise concurrent requests would interleave their statements in one transaction.
 * Never call `tx`/`read` from inside another one: pass the EntityManager down instead.
 */
@Injectable()
export class Db {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serial: boolean;
  /** PostgreSQL mode: the driver's pg pool, for single statements on hot paths (see `statement`). */
  private readonly pool: Pool | null;

  constructor(
    readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.serial = config.embedded;
    this.pool = config.embedded ? null : ((dataSource.driver as unknown as { master?: Pool }).master ?? null);
  }

  /**
   * One statement in its own implicit transaction, returning its rows (end writes with SELECT or RETURNING).
   * On PostgreSQL it goes straight to the pg pool: the ORM's per-query runner cost a fifth of the server's CPU
   * in the action benchmark. A single statement is atomic, so this is still one transaction per state change.
   * `name` makes it a prepared statement on each pooled connection (parsed and planned once, not per call).
   */
  statement<T = Record<string, unknown>>(sql: string, params: unknown[] = [], name?: string): Promise<T[]> {
    if (this.pool) return this.pool.query({ text: sql, values: params, name }).then((r) => r.rows as T[]);
    return this.exclusive(async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        return (await runner.query(sql, params, true)).records as T[];
      } finally {
        await runner.release();
      }
    });
  }

  /** `statement` shaped like an EntityManager, for helpers that take either. */
  readonly autocommit: Queryable = { query: <T>(sql: string, params?: unknown[]) => this.statement(sql, params) as Promise<T> };

  tx<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.exclusive(() => this.dataSource.transaction(work));
  }

  read<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.exclusive(() => work(this.dataSource.manager));
  }

  /** Embedded mode: work that must see no statement in flight (a consistent copy of the database files). */
  quiesced<T>(work: () => Promise<T>): Promise<T> {
    return this.exclusive(work);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (!this.serial) return work();
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
