import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';

/**
 * The unit of work. Every database access goes through `tx` (writes, one transaction per state change)
 * or `read`. PGlite has a single session, so in embedded mode both are serialised process-wide;
 * otherwise concurrent requests would interleave their statements in one transaction.
 * Never call `tx`/`read` from inside another one: pass the EntityManager down instead.
 */
@Injectable()
export class Db {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serial: boolean;

  constructor(
    readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.serial = config.embedded;
  }

  tx<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.exclusive(() => this.dataSource.transaction(work));
  }

  read<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.exclusive(() => work(this.dataSource.manager));
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (!this.serial) return work();
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
