import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ref } from '../../common/schema.js';
import { Roles } from '../auth/auth.decorators.js';
import { AdminService } from './admin.service.js';

export class ProposalQuery {
  @ApiPropertyOptional({ example: 2027, description: 'mặc định: năm sau' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'năm là số nguyên' })
  @Min(2000)
  @Max(2100)
  year?: number;
}

/** What the administrator checks: calendars, rule sets, procedure versions (AdminService). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('calendars')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Lịch làm việc theo năm: ngày lễ, nghỉ bù, làm bù, mục chưa xác nhận' })
  @ApiOkResponse({ schema: ref('Calendars') })
  calendars() {
    return this.admin.calendars();
  }

  /** The law's holidays for a year computed from the lunar calendar, beside the year's data if it exists. */
  @Get('calendars/:name/proposal')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Đề xuất lịch năm (theo Bộ luật Lao động và âm lịch) so với dữ liệu hiện có' })
  @ApiOkResponse({ schema: ref('CalendarProposal') })
  proposal(@Param('name') name: string, @Query() q: ProposalQuery) {
    return this.admin.proposal(name, q.year);
  }

  @Get('rule-sets')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Các bộ quy tắc theo ngày hiệu lực, bộ đang áp dụng' })
  @ApiOkResponse({ schema: ref('RuleSets') })
  ruleSets() {
    return this.admin.ruleSets();
  }

  /** Every version of a procedure's definition dossiers have pinned, newest first. */
  @Get('procedures/:code/versions')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Các phiên bản định nghĩa của một thủ tục (các bước, thời hạn)' })
  @ApiOkResponse({ schema: ref('ProcedureVersions') })
  versions(@Param('code') code: string) {
    return this.admin.versions(code);
  }
}
