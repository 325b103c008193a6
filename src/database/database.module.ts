import { Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { dataSourceOptions, runMigrationsLocked } from './data-source.js';
import { Db } from './db.js';

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(private readonly ds: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
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
        const ds = new DataSource(dataSourceOptions(config.database));
        await ds.initialize();
        await runMigrationsLocked(ds);
        return ds;
      },
    },
    Db,
    DataSourceCloser,
  ],
  exports: [DataSource, Db],
})
export class DatabaseModule {}
