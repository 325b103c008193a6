import { Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { dataSourceOptions, runMigrationsLocked } from './data-source.js';
import { Db } from './db.js';
import { lockEmbeddedDatabase } from './embedded-lock.js';

/** The embedded database's lock, released when its DataSource is closed. */
const releases = new WeakMap<DataSource, () => void>();

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(private readonly ds: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
    releases.get(this.ds)?.();
  }
}

/** One DataSource per process; migrations run before anything else touches the database. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<DataSource> => {
        const db = config.database;
        const release = db.kind === 'embedded' && !db.dataDir.startsWith('memory://') ? lockEmbeddedDatabase(db.dataDir) : () => undefined;
        const ds = new DataSource(dataSourceOptions(db));
        try {
          await ds.initialize();
          await runMigrationsLocked(ds);
        } catch (e) {
          release();
          throw e;
        }
        releases.set(ds, release);
        return ds;
      },
    },
    Db,
    DataSourceCloser,
  ],
  exports: [DataSource, Db],
})
export class DatabaseModule {}
