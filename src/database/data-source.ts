import { mkdirSync } from 'node:fs';
import { DataSource, DataSourceOptions } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import type { DatabaseConfig } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { loadSqlMigrations } from './sql-migrations.js';

/** The options of either mode; an embedded one also names its data folder (`embeddedDir`), which the module locks. */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions & { embeddedDir?: string } {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: loadSqlMigrations(),
    migrationsRun: false, // run by runMigrationsLocked so that several processes starting at once do not race
    synchronize: false,
    // PGlite has no uuid-ossp; gen_random_uuid() is core since PG 13.
    installExtensions: false,
  };
  if (db.kind === 'embedded') {
    if (!db.dataDir.startsWith('memory://')) mkdirSync(db.dataDir, { recursive: true });
    return { ...common, driver: new PGliteDriver({ dataDir: db.dataDir }).driver, embeddedDir: db.dataDir };
  }
  return { ...common, url: db.url, extra: { max: 10 } };
}

const MIGRATION_LOCK = 727_001;

/** Runs pending migrations under a session advisory lock: the first process migrates, the others wait. */
export async function runMigrationsLocked(ds: DataSource): Promise<void> {
  const runner = ds.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
