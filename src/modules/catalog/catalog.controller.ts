import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { IsOptional, IsString } from 'class-validator';
import { CatalogService, ProcedureDetail, ProcedureSummary } from './catalog.service.js';
import { ref } from '../../common/schema.js';

export class ProcedureQuery {
  @ApiPropertyOptional({ example: 'LS.LOCBINH' }) @IsOptional() @IsString() agency?: string;
}

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('api/v1/procedures')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOperation({ summary: 'Danh mục thủ tục (cán bộ)' })
  @ApiOkResponse({ schema: ref('ProcedureList') })
  list(@Query() q: ProcedureQuery): { items: ProcedureSummary[] } {
    return { items: this.catalog.list(q.agency) };
  }

  @Get(':code')
  @ApiOperation({ summary: 'Định nghĩa một thủ tục: thời hạn, các bước, đơn vị phụ trách' })
  @ApiOkResponse({ schema: ref('ProcedureDetail') })
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
  @ApiOperation({ summary: 'Danh mục thủ tục công khai (không cần đăng nhập)' })
  @ApiOkResponse({ schema: ref('ProcedureList') })
  list(@Query() q: ProcedureQuery): { items: ProcedureSummary[] } {
    return { items: this.catalog.list(q.agency) };
  }

  @Get(':code')
  @Public()
  @ApiOperation({ summary: 'Một thủ tục công khai: thời hạn, phí, giấy tờ cần mang' })
  @ApiOkResponse({ schema: ref('PublicProcedure') })
  get(@Param('code') code: string): ProcedureSummary & { decidedBy: string; legalBasis: string[] } {
    return this.catalog.publicDetail(code);
  }
}
