import { Module } from '@nestjs/common';
import { Index766Service } from './index-766.service.js';
import { RollupService } from './rollup.service.js';
import { ScheduledReportsService } from './scheduled-reports.service.js';
import { NotificationModule } from '../notification/notification.module.js';
import { LateStepsService } from './late-steps.service.js';
import { CountCorrections } from './count-corrections.js';
import { IndicatorsService } from './indicators.service.js';
import { PlanReportService } from './plan-report.service.js';
import { RegisterService } from './register.service.js';
import { ReportsController } from './reports.controller.js';

@Module({
  imports: [NotificationModule],
  controllers: [ReportsController],
  providers: [
    IndicatorsService,
    CountCorrections,
    LateStepsService,
    PlanReportService,
    Index766Service,
    ScheduledReportsService,
    RollupService,
    RegisterService,
  ],
  exports: [IndicatorsService, RollupService, PlanReportService],
})
export class ReportsModule {}
