import { Module } from '@nestjs/common';
import { IndicatorsService } from './indicators.service.js';
import { ReportsController } from './reports.controller.js';

@Module({ controllers: [ReportsController], providers: [IndicatorsService], exports: [IndicatorsService] })
export class ReportsModule {}
