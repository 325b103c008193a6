import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Min } from 'class-validator';
import { PageQuery, type Page } from '../../common/paging.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { NotificationReadService, type NotificationView } from './notification-read.service.js';
import { ref } from '../../common/schema.js';

export class NotificationQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'mã hồ sơ không hợp lệ' }) dossier?: string;
  @ApiPropertyOptional({ enum: ['applicant', 'staff'] }) @IsOptional() @IsIn(['applicant', 'staff']) audience?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() kind?: string;
}

export class SeenDto {
  @ApiProperty({ description: 'mã thông báo mới nhất đã xem' }) @IsInt() @Min(0) upTo: number;
}

/** Delivered notifications, for the staff UI (what was sent to whom), scoped like dossiers. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationController {
  constructor(private readonly reads: NotificationReadService) {}

  /** The bell: the newest notifications for this officer's unit, and how many are new. */
  @Get('mine')
  @Roles('admin', 'reception', 'specialist', 'leader', 'manager', 'province_viewer')
  @ApiOperation({ summary: 'Thông báo của đơn vị mình, mới nhất trước, và số thông báo chưa xem' })
  @ApiOkResponse({ schema: ref('MyNotifications') })
  mine(@CurrentUser() actor: AuthUser) {
    return this.reads.mine(actor);
  }

  @Post('mine/seen')
  @HttpCode(204)
  @Roles('admin', 'reception', 'specialist', 'leader', 'manager', 'province_viewer')
  @ApiOperation({ summary: 'Đánh dấu đã xem thông báo đến một mã' })
  @ApiNoContentResponse({ description: 'Đã ghi nhận' })
  seen(@CurrentUser() actor: AuthUser, @Body() dto: SeenDto): Promise<void> {
    return this.reads.seen(actor, dto.upTo);
  }

  @Get()
  @Roles('admin', 'reception', 'specialist', 'leader', 'manager')
  @ApiOperation({ summary: 'Thông báo đã gửi hoặc đã ghi nhận' })
  @ApiOkResponse({ schema: ref('NotificationPage') })
  list(@CurrentUser() actor: AuthUser, @Query() q: NotificationQuery): Promise<Page<NotificationView>> {
    return this.reads.list(actor, q);
  }
}
