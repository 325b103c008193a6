import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { dataSourceOptions, runMigrationsLocked } from './data-source.js';
import { Db } from './db.js';
import { lockEmbeddedDatabase } from './embedded-lock.js';
import { ENTITIES } from './entities.js';

/**
 * One DataSource per process, provided by @nestjs/typeorm for both modes (PGlite or PostgreSQL): migrations run
 * before anything else touches the database, and an embedded data folder is locked against a second process until the
 * DataSource is closed (@nestjs/typeorm closes it at shutdown). Repositories of every entity are injectable.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      // No retries: a database that cannot be opened (or an embedded one another process holds) stops the start at once.
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config.database), toRetry: () => false }),
      dataSourceFactory: async (options?: DataSourceOptions): Promise<DataSource> => {
        const dataDir = (options as DataSourceOptions & { embeddedDir?: string }).embeddedDir;
        const release = dataDir && !dataDir.startsWith('memory://') ? lockEmbeddedDatabase(dataDir) : () => undefined;
        const ds = new DataSource(options!);
        try {
          await ds.initialize();
          await runMigrationsLocked(ds);
        } catch (e) {
          if (ds.isInitialized) await ds.destroy();
          release();
          throw e;
        }
        // The lock is let go once the data folder is closed, however the DataSource is closed.
        const destroy = ds.destroy.bind(ds);
        ds.destroy = async () => {
          try {
            await destroy();
          } finally {
            release();
          }
        };
        return ds;
      },
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: [Db],
  exports: [Db, TypeOrmModule],
})
export class DatabaseModule {}
