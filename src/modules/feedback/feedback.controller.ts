import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/paging.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators.js';
import { CreateFeedbackDto, FeedbackActionDto, FeedbackRatingDto, ListFeedbackQuery, StaffFeedbackDto } from './feedback.dto.js';
import { FeedbackQueryService } from './feedback-query.service.js';
import { FeedbackService } from './feedback.service.js';
import { ref } from '../../common/schema.js';
import { RateLimited } from '../../common/rate-limit.js';

export class PublicFeedbackListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) agency?: string;
}

const READ_ROLES = ['admin', 'reception', 'specialist', 'leader', 'manager', 'province_viewer'] as const;

@ApiTags('feedback')
@ApiBearerAuth()
@Controller('api/v1/feedback')
export class FeedbackController {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly reads: FeedbackQueryService,
  ) {}

  /** Logged by an officer (phone, in person, hotline, e-mail). */
  @Post()
  @Roles('reception', 'manager')
  @ApiOperation({ summary: 'Cán bộ ghi nhận phản ánh, kiến nghị (trực tiếp, điện thoại…)' })
  @ApiCreatedResponse({ schema: ref('FeedbackCreated') })
  create(@CurrentUser() actor: AuthUser, @Body() dto: StaffFeedbackDto) {
    const { channel, ...rest } = dto;
    return this.feedback.createByStaff(actor, rest, channel);
  }

  @Get()
  @Roles(...READ_ROLES)
  @ApiOperation({ summary: 'Danh sách phản ánh, kiến nghị' })
  @ApiOkResponse({ schema: ref('FeedbackPage') })
  list(@CurrentUser() actor: AuthUser, @Query() q: ListFeedbackQuery) {
    return this.reads.list(actor, q);
  }

  @Get(':id')
  @Roles(...READ_ROLES)
  @ApiOperation({ summary: 'Một phản ánh với nhật ký xử lý' })
  @ApiOkResponse({ schema: ref('FeedbackView') })
  get(@CurrentUser() actor: AuthUser, @Param('id') id: string) {
    return this.reads.get(actor, id);
  }

  @Get(':id/audit')
  @Roles(...READ_ROLES)
  @ApiOperation({ summary: 'Kiểm tra chuỗi băm nhật ký của phản ánh' })
  @ApiOkResponse({ schema: ref('FeedbackAudit') })
  audit(@CurrentUser() actor: AuthUser, @Param('id') id: string) {
    return this.reads.audit(actor, id);
  }

  @Post(':id/actions')
  @HttpCode(200)
  @Roles('reception', 'specialist', 'leader', 'manager')
  @ApiOperation({ summary: 'Phân loại, chuyển xử lý, trả lời, công khai phản ánh' })
  @ApiOkResponse({ schema: ref('FeedbackView') })
  act(@CurrentUser() actor: AuthUser, @Param('id') id: string, @Body() dto: FeedbackActionDto) {
    return this.feedback.act(actor, id, dto);
  }
}

@ApiTags('public')
@Controller('api/v1/public/feedback')
export class PublicFeedbackController {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly reads: FeedbackQueryService,
  ) {}

  /** The public form: returns the code to follow the item with. Limited in size and per client address. */
  @Post()
  @Public()
  @RateLimited('submit')
  @ApiOperation({ summary: 'Người dân gửi phản ánh, kiến nghị' })
  @ApiCreatedResponse({ schema: ref('FeedbackCreated') })
  submit(@Body() dto: CreateFeedbackDto) {
    return this.feedback.submitPublic(dto);
  }

  /** Published answers only. */
  @Get()
  @Public()
  @RateLimited('lookup')
  @ApiOperation({ summary: 'Các câu trả lời phản ánh đã công khai' })
  @ApiOkResponse({ schema: ref('PublicFeedbackPage') })
  list(@Query() q: PublicFeedbackListQuery) {
    return this.reads.publicList(q);
  }

  @Get(':code')
  @Public()
  @RateLimited('lookup')
  @ApiOperation({ summary: 'Theo dõi một phản ánh bằng mã' })
  @ApiOkResponse({ schema: ref('PublicFeedback') })
  get(@Param('code') code: string) {
    return this.reads.publicGet(code);
  }

  @Post(':code/rating')
  @Public()
  @RateLimited('rating')
  @ApiOperation({ summary: 'Đánh giá kết quả xử lý phản ánh' })
  @ApiCreatedResponse({ schema: ref('FeedbackRatingResult') })
  rate(@Param('code') code: string, @Body() dto: FeedbackRatingDto) {
    return this.feedback.rate(code, dto.level);
  }
}
