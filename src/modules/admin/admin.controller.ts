import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NoIdempotency } from '../../common/idempotency.js';
import { AppConfig } from '../../config/app-config.js';
import { QUEUE_BOARD_COOKIE, QUEUE_BOARD_PATH } from './queue-board.js';
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
  constructor(
    private readonly admin: AdminService,
    private readonly config: AppConfig,
  ) {}

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

  /** The job queues and how many jobs wait, run, are delayed or failed in each (Redis only; embedded: none). */
  @Get('queues')
  @Roles('admin')
  @ApiOperation({ summary: 'Hàng đợi tác vụ nền (BullMQ trên Redis): số tác vụ theo trạng thái' })
  @ApiOkResponse({ schema: ref('Queues') })
  queues() {
    return this.admin.queues();
  }

  /**
   * Hands this session's token to the queue board (a page the browser opens, which sends no bearer token): a cookie
   * for /admin/queues alone, HttpOnly and SameSite=Strict, for as long as the token lives.
   */
  @Post('queues/session')
  @Roles('admin')
  @NoIdempotency()
  @HttpCode(204)
  @ApiOperation({ summary: 'Mở phiên xem bảng hàng đợi /admin/queues cho quản trị viên' })
  queueSession(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')![1];
    void reply.setCookie(QUEUE_BOARD_COOKIE, token, {
      path: QUEUE_BOARD_PATH,
      httpOnly: true,
      sameSite: 'strict',
      secure: req.protocol === 'https',
      maxAge: this.config.jwtTtlSeconds,
    });
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
