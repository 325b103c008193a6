import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/paging.js';
import { FEEDBACK_ACTIONS, FEEDBACK_STATUSES, type FeedbackAction, type FeedbackStatus } from '../../workflow-engine/feedback-machine.js';

export const FEEDBACK_ABOUT = ['regulation', 'dossier_handling', 'other'] as const;
export const STAFF_CHANNELS = ['in_person', 'phone', 'hotline', 'email'] as const;

export class SenderDto {
  @ApiProperty({ example: 'Trần Văn Bình' }) @IsString() @MinLength(2) @MaxLength(200) fullName: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^\+?\d{8,15}$/, { message: 'số điện thoại gồm 8–15 chữ số' }) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail({}, { message: 'địa chỉ thư điện tử không hợp lệ' }) @MaxLength(200) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) address?: string;
}

export class CreateFeedbackDto {
  @ApiProperty({ example: 'LS.LOCBINH' }) @IsString() @MaxLength(60) agencyCode: string;
  @ApiProperty({ type: SenderDto }) @IsObject() @ValidateNested() @Type(() => SenderDto) sender: SenderDto;
  @ApiProperty({ example: 'Hồ sơ khai sinh trễ hẹn' }) @IsString() @MinLength(5) @MaxLength(300) subject: string;
  @ApiProperty() @IsString() @MinLength(10) @MaxLength(100_000) body: string;
  @ApiProperty({ enum: FEEDBACK_ABOUT })
  @IsIn(FEEDBACK_ABOUT, { message: 'about là regulation, dossier_handling hoặc other' })
  about: (typeof FEEDBACK_ABOUT)[number];
  @ApiPropertyOptional({ description: 'Mã hồ sơ được phản ánh (khi about = dossier_handling)' }) @IsOptional() @IsString() @MaxLength(60) dossierCode?: string;
}

export class StaffFeedbackDto extends CreateFeedbackDto {
  @ApiProperty({ enum: STAFF_CHANNELS })
  @IsIn(STAFF_CHANNELS, { message: 'kênh là in_person, phone, hotline hoặc email' })
  channel: (typeof STAFF_CHANNELS)[number];
}

export class FeedbackActionDto {
  @ApiProperty({ enum: FEEDBACK_ACTIONS }) @IsIn(FEEDBACK_ACTIONS, { message: `thao tác là một trong: ${FEEDBACK_ACTIONS.join(', ')}` }) action: FeedbackAction;
  @ApiProperty() @IsInt() @Min(1) expectedVersion: number;
  @ApiPropertyOptional({ description: 'classify: thuộc phạm vi xử lý' }) @IsOptional() @IsBoolean() inScope?: boolean;
  @ApiPropertyOptional({ description: 'classify (ngoài phạm vi): lý do, nơi chuyển đến' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
  @ApiPropertyOptional({ description: 'forward: đơn vị xử lý' }) @IsOptional() @IsString() @MaxLength(60) unitCode?: string;
  @ApiPropertyOptional({ description: 'answer: nội dung trả lời' }) @IsOptional() @IsString() @MaxLength(20_000) answer?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class ListFeedbackQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() agency?: string;
  @ApiPropertyOptional({ enum: FEEDBACK_STATUSES }) @IsOptional() @IsIn(FEEDBACK_STATUSES) status?: FeedbackStatus;
  @ApiPropertyOptional() @IsOptional() @IsIn(['true', 'false']) overdue?: 'true' | 'false';
  @ApiPropertyOptional({ description: 'true: chỉ các phản ánh chưa công khai, trong phạm vi xử lý (hàng chờ xử lý)' })
  @IsOptional()
  @IsIn(['true'])
  open?: 'true';
  @ApiPropertyOptional({ description: 'còn ≤ N ngày làm việc' }) @IsOptional() @Type(() => Number) @IsNumber() @Min(0) @Max(30) dueWithinDays?: number;
}

export const FEEDBACK_RATINGS = ['very_satisfied', 'satisfied', 'dissatisfied'] as const;
export class FeedbackRatingDto {
  @ApiProperty({ enum: FEEDBACK_RATINGS })
  @IsIn(FEEDBACK_RATINGS, { message: 'mức đánh giá là very_satisfied, satisfied hoặc dissatisfied' })
  level: (typeof FEEDBACK_RATINGS)[number];
}
