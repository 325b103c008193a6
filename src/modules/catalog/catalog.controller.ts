import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
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

/**
 * The public catalogue (api.md, 2026-12): the plans require public disclosure of each procedure's deadline, fee,
 * online level and documents, so it needs no login. The same data as the staff route, without the internal steps.
 */
@ApiTags('public')
@Controller('api/v1/public/procedures')
export class PublicCatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @Public()
  list(@Query() q: ProcedureQuery): { items: ProcedureSummary[] } {
    return { items: this.catalog.list(q.agency) };
  }

  @Get(':code')
  @Public()
  get(@Param('code') code: string): ProcedureSummary & { decidedBy: string; legalBasis: string[] } {
    const d = this.catalog.get(code);
    return {
      code: d.code, name: d.name, field: d.field, definitionVersion: d.definitionVersion, deadline: d.deadline, fee: d.fee,
      online: d.online, documents: d.documents, decidedBy: d.decidedBy, legalBasis: d.source.legalBasis,
    };
  }
}
