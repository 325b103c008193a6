import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
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
import { validationFailed } from '../../common/app-error.js';
import type { ActionCommand } from './dossier-rules.js';
import type { ActionName } from './actions/action.js';
import { ACTIONS } from './actions/index.js';
import { PageQuery } from '../../common/paging.js';
import { DOSSIER_ACTIONS, DOSSIER_STATUSES, type DossierAction, type DossierStatus } from '../../workflow-engine/dossier-machine.js';

export const CHANNELS = ['direct', 'online', 'postal'] as const;
export type Channel = (typeof CHANNELS)[number];
export const DOCUMENT_FORMS = ['original', 'certified_copy', 'copy'] as const;

export class ApplicantDto {
  @ApiProperty({ example: 'Nguyễn Văn An' }) @IsString() @MinLength(2) @MaxLength(200) fullName: string;

  @ApiProperty({ example: '001090012345', description: 'Số định danh cá nhân (12 số) hoặc CMND (9 số)' })
  @IsString()
  @Matches(/^(\d{9}|\d{12})$/, { message: 'số định danh cá nhân gồm 12 chữ số (hoặc CMND 9 chữ số)' })
  idNumber: string;

  @ApiPropertyOptional({ example: '0912345678' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?\d{8,15}$/, { message: 'số điện thoại gồm 8–15 chữ số' })
  phone?: string;

  @ApiPropertyOptional() @IsOptional() @IsEmail({}, { message: 'địa chỉ thư điện tử không hợp lệ' }) @MaxLength(200) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) address?: string;
}

export class DocumentDto {
  @ApiProperty({ example: 'Tờ khai đăng ký khai sinh' }) @IsString() @MinLength(2) @MaxLength(300) name: string;
  @ApiProperty({ enum: DOCUMENT_FORMS }) @IsIn(DOCUMENT_FORMS, { message: 'hình thức giấy tờ là original, certified_copy hoặc copy' }) form: string;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(100) count: number;
  @ApiPropertyOptional({ description: 'Thành phần đã được số hóa khi tiếp nhận' }) @IsOptional() @IsBoolean() digitised?: boolean;
}

/** A fee or charge paid when the dossier is received: at the counter (cash, card) or online (the portal's payment). */
export class ReceptionPaymentDto {
  @ApiProperty({ description: 'true: thanh toán trực tuyến; false: nộp tại quầy' }) @IsBoolean() online: boolean;
  @ApiPropertyOptional({ example: 8000, description: 'Số tiền (đồng); mặc định là mức phí, lệ phí của thủ tục' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  amount?: number;
}

export class CreateDossierDto {
  @ApiProperty({ example: '1.001193' }) @IsString() @MaxLength(20) procedureCode: string;
  @ApiProperty({ example: 'LS.LOCBINH', description: 'Xã/phường (hoặc Trung tâm của xã) tiếp nhận' }) @IsString() @MaxLength(60) agencyCode: string;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS, { message: 'kênh nộp là direct, online hoặc postal' }) channel: Channel;
  @ApiProperty({ type: ApplicantDto }) @IsObject() @ValidateNested() @Type(() => ApplicantDto) applicant: ApplicantDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) subject?: string;

  @ApiPropertyOptional({ type: [DocumentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DocumentDto)
  documents?: DocumentDto[];

  @ApiPropertyOptional({ type: ReceptionPaymentDto, description: 'Phí, lệ phí đã nộp khi tiếp nhận và kênh nộp (tỷ lệ thanh toán trực tuyến)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReceptionPaymentDto)
  payment?: ReceptionPaymentDto;

  @ApiPropertyOptional({ description: 'Đã khai thác, sử dụng lại dữ liệu số hóa thay cho giấy tờ người nộp phải nộp lại' })
  @IsOptional()
  @IsBoolean()
  dataReused?: boolean;
}

export class DossierActionDto {
  @ApiProperty({ enum: DOSSIER_ACTIONS })
  @IsIn(DOSSIER_ACTIONS, { message: `thao tác phải là một trong: ${DOSSIER_ACTIONS.join(', ')}` })
  action: DossierAction;
  @ApiProperty({ description: 'Phiên bản hồ sơ mà người dùng đang xem' }) @IsInt() @Min(1) expectedVersion: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;

  @ApiPropertyOptional({ type: [String], description: 'request_supplement: giấy tờ cần bổ sung' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  items?: string[];

  @ApiPropertyOptional({ description: 'request_payment: số tiền (đồng)' }) @IsOptional() @IsInt() @Min(0) @Max(10_000_000_000) amount?: number;
  @ApiPropertyOptional({ description: 'confirm_payment: thanh toán trực tuyến' }) @IsOptional() @IsBoolean() online?: boolean;
  @ApiPropertyOptional({ enum: ['issued', 'denied'] }) @IsOptional() @IsIn(['issued', 'denied'], { message: 'kết quả là issued hoặc denied' }) outcome?:
    'issued' | 'denied';
  @ApiPropertyOptional({ description: 'approve: kết quả điện tử' }) @IsOptional() @IsBoolean() electronic?: boolean;
  @ApiPropertyOptional({ description: 'approve: kết quả đã được số hóa' }) @IsOptional() @IsBoolean() digitisedResult?: boolean;
  @ApiPropertyOptional({ description: 'Lý do (từ chối, xin lỗi, rút, dừng)' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
  @ApiPropertyOptional({ description: 'issue_apology: ngày giờ hẹn mới (ISO 8601)' }) @IsOptional() @IsString() @MaxLength(40) newDueAt?: string;
  @ApiPropertyOptional({ description: 'extend_deadline: mã trường hợp gia hạn của thủ tục' }) @IsOptional() @IsString() @MaxLength(60) extension?: string;
}

export class ListDossiersQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() agency?: string;
  @ApiPropertyOptional({ enum: DOSSIER_STATUSES }) @IsOptional() @IsIn(DOSSIER_STATUSES) status?: DossierStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() procedure?: string;
  @ApiPropertyOptional() @IsOptional() @IsIn(['true', 'false'], { message: 'overdue là true hoặc false' }) overdue?: 'true' | 'false';
  @ApiPropertyOptional({ description: 'ISO 8601' }) @IsOptional() @IsString() dueBefore?: string;
  @ApiPropertyOptional({ description: 'Tìm theo mã hồ sơ, tên hoặc số định danh người nộp' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export const INBOX_BADGES = ['on_time', 'warned', 'overdue', 'apologized', 'waiting'] as const;

export class InboxQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) procedure?: string;
  @ApiPropertyOptional({ description: 'Lĩnh vực (như trong danh mục thủ tục)' }) @IsOptional() @IsString() @MaxLength(200) field?: string;
  @ApiPropertyOptional({ enum: DOSSIER_STATUSES }) @IsOptional() @IsIn(DOSSIER_STATUSES) status?: DossierStatus;
  @ApiPropertyOptional({ enum: INBOX_BADGES })
  @IsOptional()
  @IsIn(INBOX_BADGES, { message: `badge là một trong: ${INBOX_BADGES.join(', ')}` })
  badge?: (typeof INBOX_BADGES)[number];
  @ApiPropertyOptional({ description: 'Mã hồ sơ, tên người nộp (có hoặc không dấu) hoặc số định danh' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class TrackQuery {
  @ApiPropertyOptional({ description: 'Mã bí mật in trên phiếu hẹn (trong mã QR)' }) @IsOptional() @IsString() @MaxLength(100) k?: string;
}

export class BoardQuery {
  @ApiPropertyOptional({ description: 'Xã/phường, phòng ban hoặc tỉnh; mặc định: phạm vi của người dùng' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  agency?: string;
  @ApiPropertyOptional({ description: 'Mã thủ tục' }) @IsOptional() @IsString() @MaxLength(20) procedure?: string;
  @ApiPropertyOptional({ description: 'Lĩnh vực' }) @IsOptional() @IsString() @MaxLength(100) field?: string;
}

export const RATING_LEVELS = ['very_satisfied', 'satisfied', 'dissatisfied'] as const;

export class RatingDto {
  @ApiProperty({ enum: RATING_LEVELS })
  @IsIn(RATING_LEVELS, { message: 'mức đánh giá là very_satisfied, satisfied hoặc dissatisfied' })
  level: (typeof RATING_LEVELS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) comment?: string;
  /** Checked by the service, so that a missing and a wrong secret get the same 403 (api.md). */
  @ApiPropertyOptional({ description: 'Mã bí mật in trên phiếu hẹn (trong đường dẫn tra cứu, tham số k)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  secret?: string;
}

/** Turns an action DTO into a command the rules understand (the action's own `command`); 400 lists each wrong field. */
export function toCommand(dto: Pick<DossierActionDto, 'action'> & Partial<DossierActionDto>): ActionCommand {
  const spec = Object.hasOwn(ACTIONS, dto.action) ? ACTIONS[dto.action as ActionName] : undefined;
  if (!spec) throw validationFailed([{ field: 'action', message: 'thao tác không hợp lệ' }]);
  return spec.command(dto);
}
