import { Module } from '@nestjs/common';
import { Index766Service } from './index-766.service.js';
import { IndicatorsService } from './indicators.service.js';
import { PlanReportService } from './plan-report.service.js';
import { ReportsController } from './reports.controller.js';

@Module({ controllers: [ReportsController], providers: [IndicatorsService, PlanReportService, Index766Service], exports: [IndicatorsService] })
export class ReportsModule {}
