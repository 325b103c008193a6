import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './common/clock.js';
import { IdempotencyStore } from './common/idempotency.js';
import { AppConfig } from './config/app-config.js';
import { DatabaseModule } from './database/database.module.js';
import { AgencyDirectory } from './modules/agency/agency-directory.js';
import { AgencyModule } from './modules/agency/agency.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CalendarModule } from './modules/calendar/calendar.module.js';
import { CatalogModule } from './modules/catalog/catalog.module.js';
import { AdminModule } from './modules/admin/admin.module.js';
import { EventsModule } from './modules/events/events.module.js';
import { DossierModule } from './modules/dossier/dossier.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { FeedbackModule } from './modules/feedback/feedback.module.js';
import { PlansModule } from './modules/plans/plans.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { QueueModule } from './queue/queue.module.js';
import { StartupService } from './startup.service.js';
import type { Workflows } from './workflows/workflows-loader.js';
import { WorkflowsRef } from './workflows/workflows-ref.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { ChainKeys, chainKeys } from './common/chain-keys.js';
import { AuditModule } from './modules/audit/audit.module.js';

export interface AppOptions {
  config: AppConfig;
  workflows: Workflows;
  clock?: Clock;
}

/** Values checked before Nest starts (configuration, workflow files), shared by every module. */
@Global()
@Module({})
class CoreModule {
  static forRoot(opts: AppOptions): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: opts.config },
        { provide: WorkflowsRef, useValue: new WorkflowsRef(opts.workflows) },
        { provide: AgencyDirectory, useValue: opts.workflows.agencies },
        { provide: Clock, useValue: opts.clock ?? new SystemClock() },
        { provide: ChainKeys, useValue: chainKeys(opts.config) },
      ],
      exports: [AppConfig, WorkflowsRef, AgencyDirectory, Clock, ChainKeys],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(opts: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(opts),
        DatabaseModule,
        QueueModule,
        EventsModule,
        AgencyModule,
        CalendarModule,
        CatalogModule,
        UsersModule,
        AuthModule,
        HealthModule,
        MetricsModule,
        AuditModule,
        DossierModule,
        ReportsModule,
        FeedbackModule,
        PlansModule,
        AdminModule,
      ],
      // The HTTP app wires the store into Fastify hooks (http-app.ts); the worker runs its purge job.
      providers: [StartupService, IdempotencyStore],
    };
  }
}
