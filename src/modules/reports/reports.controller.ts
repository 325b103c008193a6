import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/paging.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { MEASURE_NAMES } from './indicator-measures.js';
import { GROUP_BY, type GroupBy, IndicatorsService } from './indicators.service.js';

export class IndicatorsQuery {
  @ApiPropertyOptional({ example: 'LS.LOCBINH', description: 'Xã/phường hoặc tỉnh; mặc định: đơn vị của người dùng' }) @IsOptional() @IsString() @MaxLength(60) agency?: string;
  @ApiPropertyOptional({ example: '2026-01-01' }) @IsOptional() @IsString() from?: string;
  @ApiPropertyOptional({ example: '2026-03-31' }) @IsOptional() @IsString() to?: string;
  @ApiPropertyOptional({ enum: GROUP_BY }) @IsOptional() @IsIn(GROUP_BY, { message: `groupBy là một trong: ${GROUP_BY.join(', ')}` }) groupBy?: GroupBy;
}

export class IndicatorDossiersQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) agency?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() to?: string;
  @ApiPropertyOptional({ enum: MEASURE_NAMES, example: 'resolved.late' }) @IsOptional() @IsString() measure?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) procedure?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) field?: string;
}

const REPORT_ROLES = ['admin', 'manager', 'leader', 'province_viewer', 'reception', 'specialist'] as const;

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly indicators: IndicatorsService) {}

  /** Rates of domain.md §7 with their numerators and denominators (Biểu II.06a columns), by unit, procedure, field or month. */
  @Get('indicators')
  @Roles(...REPORT_ROLES)
  get(@CurrentUser() actor: AuthUser, @Query() q: IndicatorsQuery) {
    return this.indicators.indicators(actor, q);
  }

  /** The dossiers behind one figure, e.g. `measure=resolved.late`. */
  @Get('indicators/dossiers')
  @Roles(...REPORT_ROLES)
  dossiers(@CurrentUser() actor: AuthUser, @Query() q: IndicatorDossiersQuery) {
    return this.indicators.dossiers(actor, q);
  }
}
