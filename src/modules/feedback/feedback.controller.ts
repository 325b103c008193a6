import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { PageQuery } from '../../common/paging.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators.js';
import { CreateFeedbackDto, FeedbackActionDto, FeedbackRatingDto, ListFeedbackQuery, StaffFeedbackDto } from './feedback.dto.js';
import { FeedbackService } from './feedback.service.js';

export class PublicFeedbackListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) agency?: string;
}

const READ_ROLES = ['admin', 'reception', 'specialist', 'leader', 'manager', 'province_viewer'] as const;

@ApiTags('feedback')
@ApiBearerAuth()
@Controller('api/v1/feedback')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  /** Logged by an officer (phone, in person, hotline, e-mail). */
  @Post()
  @Roles('reception', 'manager')
  create(@CurrentUser() actor: AuthUser, @Body() dto: StaffFeedbackDto) {
    const { channel, ...rest } = dto;
    return this.feedback.createByStaff(actor, rest, channel);
  }

  @Get()
  @Roles(...READ_ROLES)
  list(@CurrentUser() actor: AuthUser, @Query() q: ListFeedbackQuery) {
    return this.feedback.list(actor, q);
  }

  @Get(':id')
  @Roles(...READ_ROLES)
  get(@CurrentUser() actor: AuthUser, @Param('id') id: string) {
    return this.feedback.get(actor, id);
  }

  @Get(':id/audit')
  @Roles(...READ_ROLES)
  audit(@CurrentUser() actor: AuthUser, @Param('id') id: string) {
    return this.feedback.audit(actor, id);
  }

  @Post(':id/actions')
  @HttpCode(200)
  @Roles('reception', 'specialist', 'leader', 'manager')
  act(@CurrentUser() actor: AuthUser, @Param('id') id: string, @Body() dto: FeedbackActionDto) {
    return this.feedback.act(actor, id, dto);
  }
}

@ApiTags('public')
@Controller('api/v1/public/feedback')
export class PublicFeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  /** The public form: returns the code to follow the item with. Limited in size and per client address. */
  @Post()
  @Public()
  submit(@Body() dto: CreateFeedbackDto, @Req() req: FastifyRequest) {
    return this.feedback.submitPublic(dto, req.ip ?? 'unknown');
  }

  /** Published answers only. */
  @Get()
  @Public()
  list(@Query() q: PublicFeedbackListQuery) {
    return this.feedback.publicList(q);
  }

  @Get(':code')
  @Public()
  get(@Param('code') code: string) {
    return this.feedback.publicGet(code);
  }

  @Post(':code/rating')
  @Public()
  rate(@Param('code') code: string, @Body() dto: FeedbackRatingDto) {
    return this.feedback.rate(code, dto.level);
  }
}
