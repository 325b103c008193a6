import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
// The validators by their library's name: this file uses most of them.
import * as v from 'class-validator';
import { PageQuery } from '../../common/paging.js';
import { FEEDBACK_ACTIONS, FEEDBACK_STATUSES, type FeedbackAction, type FeedbackStatus } from '../../workflow-engine/feedback-machine.js';

export const FEEDBACK_ABOUT = ['regulation', 'dossier_handling', 'other'] as const;
export const STAFF_CHANNELS = ['in_person', 'phone', 'hotline', 'email'] as const;

export class SenderDto {
  @ApiProperty({ example: 'Trần Văn Bình' }) @v.IsString() @v.MinLength(2) @v.MaxLength(200) fullName: string;
  @ApiPropertyOptional() @v.IsOptional() @v.IsString() @v.Matches(/^\+?\d{8,15}$/, { message: 'số điện thoại gồm 8–15 chữ số' }) phone?: string;
  @ApiPropertyOptional() @v.IsOptional() @v.IsEmail({}, { message: 'địa chỉ thư điện tử không hợp lệ' }) @v.MaxLength(200) email?: string;
  @ApiPropertyOptional() @v.IsOptional() @v.IsString() @v.MaxLength(500) address?: string;
}

export class CreateFeedbackDto {
  @ApiProperty({ example: 'LS.LOCBINH' }) @v.IsString() @v.MaxLength(60) agencyCode: string;
  @ApiProperty({ type: SenderDto }) @v.IsObject() @v.ValidateNested() @Type(() => SenderDto) sender: SenderDto;
  @ApiProperty({ example: 'Hồ sơ khai sinh trễ hẹn' }) @v.IsString() @v.MinLength(5) @v.MaxLength(300) subject: string;
  @ApiProperty() @v.IsString() @v.MinLength(10) @v.MaxLength(100_000) body: string;
  @ApiProperty({ enum: FEEDBACK_ABOUT })
  @v.IsIn(FEEDBACK_ABOUT, { message: 'about là regulation, dossier_handling hoặc other' })
  about: (typeof FEEDBACK_ABOUT)[number];
  @ApiPropertyOptional({ description: 'Mã hồ sơ được phản ánh (khi about = dossier_handling)' })
  @v.IsOptional()
  @v.IsString()
  @v.MaxLength(60)
  dossierCode?: string;
}

export class StaffFeedbackDto extends CreateFeedbackDto {
  @ApiProperty({ enum: STAFF_CHANNELS })
  @v.IsIn(STAFF_CHANNELS, { message: 'kênh là in_person, phone, hotline hoặc email' })
  channel: (typeof STAFF_CHANNELS)[number];
}

export class FeedbackActionDto {
  @ApiProperty({ enum: FEEDBACK_ACTIONS })
  @v.IsIn(FEEDBACK_ACTIONS, { message: `thao tác là một trong: ${FEEDBACK_ACTIONS.join(', ')}` })
  action: FeedbackAction;
  @ApiProperty() @v.IsInt() @v.Min(1) expectedVersion: number;
  @ApiPropertyOptional({ description: 'classify: thuộc phạm vi xử lý' }) @v.IsOptional() @v.IsBoolean() inScope?: boolean;
  @ApiPropertyOptional({ description: 'classify (ngoài phạm vi): lý do, nơi chuyển đến' }) @v.IsOptional() @v.IsString() @v.MaxLength(2000) reason?: string;
  @ApiPropertyOptional({ description: 'forward: đơn vị xử lý' }) @v.IsOptional() @v.IsString() @v.MaxLength(60) unitCode?: string;
  @ApiPropertyOptional({ description: 'answer: nội dung trả lời' }) @v.IsOptional() @v.IsString() @v.MaxLength(20_000) answer?: string;
  @ApiPropertyOptional() @v.IsOptional() @v.IsString() @v.MaxLength(2000) note?: string;
}

export class ListFeedbackQuery extends PageQuery {
  @ApiPropertyOptional() @v.IsOptional() @v.IsString() agency?: string;
  @ApiPropertyOptional({ enum: FEEDBACK_STATUSES }) @v.IsOptional() @v.IsIn(FEEDBACK_STATUSES) status?: FeedbackStatus;
  @ApiPropertyOptional() @v.IsOptional() @v.IsIn(['true', 'false']) overdue?: 'true' | 'false';
  @ApiPropertyOptional({ description: 'true: chỉ các phản ánh chưa công khai, trong phạm vi xử lý (hàng chờ xử lý)' })
  @v.IsOptional()
  @v.IsIn(['true'])
  open?: 'true';
  @ApiPropertyOptional({ description: 'còn ≤ N ngày làm việc' }) @v.IsOptional() @Type(() => Number) @v.IsNumber() @v.Min(0) @v.Max(30) dueWithinDays?: number;
}

export const FEEDBACK_RATINGS = ['very_satisfied', 'satisfied', 'dissatisfied'] as const;
export class FeedbackRatingDto {
  @ApiProperty({ enum: FEEDBACK_RATINGS })
  @v.IsIn(FEEDBACK_RATINGS, { message: 'mức đánh giá là very_satisfied, satisfied hoặc dissatisfied' })
  level: (typeof FEEDBACK_RATINGS)[number];
}
