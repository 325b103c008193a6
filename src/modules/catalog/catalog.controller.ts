import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { CatalogService, ProcedureDetail, ProcedureSummary } from './catalog.service.js';

export class ProcedureQuery {
  @ApiPropertyOptional({ example: 'LS.LOCBINH' }) @IsOptional() @IsString() agency?: string;
}

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('api/v1/procedures')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  list(@Query() q: ProcedureQuery): { items: ProcedureSummary[] } {
    return { items: this.catalog.list(q.agency) };
  }

  @Get(':code')
  get(@Param('code') code: string, @Query() q: ProcedureQuery): ProcedureDetail {
    return this.catalog.get(code, q.agency);
  }
}
