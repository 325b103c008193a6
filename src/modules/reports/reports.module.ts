import { Module } from '@nestjs/common';
import { IndicatorsService } from './indicators.service.js';
import { PlanReportService } from './plan-report.service.js';
import { ReportsController } from './reports.controller.js';

@Module({ controllers: [ReportsController], providers: [IndicatorsService, PlanReportService], exports: [IndicatorsService] })
export class ReportsModule {}
