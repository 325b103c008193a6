import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import * as v from 'class-validator';

export class PlanTasksQuery {
  @ApiPropertyOptional({ example: 'LS.LOIBAC', description: 'Xã/phường (hoặc phòng ban: kế hoạch của xã); mặc định: đơn vị của người dùng' })
  @v.IsOptional()
  @v.IsString()
  @v.MaxLength(60)
  agency?: string;
  @ApiPropertyOptional({ example: '2026' }) @v.IsOptional() @v.Matches(/^\d{4}$/, { message: 'năm gồm 4 chữ số' }) year?: string;
}

export class PlanReportQuery {
  @ApiPropertyOptional({ example: 'LS.LOIBAC' }) @v.IsOptional() @v.IsString() @v.MaxLength(60) agency?: string;
  @ApiProperty({ example: '2026-Q3', description: 'Kỳ báo cáo: quý (2026-Q3) hoặc năm (2026)' })
  @v.Matches(/^\d{4}(-Q[1-4])?$/, { message: 'kỳ là 2026 hoặc 2026-Q1 … 2026-Q4' })
  period: string;
  @ApiPropertyOptional({ enum: ['json', 'html', 'xlsx'], description: 'json (mặc định); html: bản in A4; xlsx' })
  @v.IsOptional()
  @v.IsIn(['json', 'html', 'xlsx'], { message: 'format là json, html hoặc xlsx' })
  format?: 'json' | 'html' | 'xlsx';
}

export class EvidenceFileDto {
  @ApiProperty({ example: 'bien-ban-hoi-nghi.pdf' }) @v.IsString() @v.MinLength(1) @v.MaxLength(200) name: string;
  @ApiProperty({ example: 'application/pdf' }) @v.IsString() @v.Matches(/^[\w.+-]+\/[\w.+-]+$/, { message: 'kiểu tệp không hợp lệ' }) type: string;
  @ApiProperty({ description: 'Nội dung tệp, base64 (tối đa 1 MB)' })
  @v.IsBase64({}, { message: 'nội dung tệp phải là base64' })
  @v.MaxLength(1_400_000, { message: 'tệp tối đa 1 MB' })
  content: string;
}

export class TaskProgressDto {
  @ApiProperty({ example: 'Đã ban hành Kế hoạch số 12/KH-UBND ngày 10/3/2026' }) @v.IsString() @v.MinLength(3) @v.MaxLength(2000) note: string;
  @ApiPropertyOptional({ example: '12/KH-UBND ngày 10/3/2026', description: 'Số, ký hiệu văn bản làm minh chứng' })
  @v.IsOptional()
  @v.IsString()
  @v.MaxLength(300)
  evidenceRef?: string;
  @ApiPropertyOptional({ type: EvidenceFileDto }) @v.IsOptional() @v.IsObject() @v.ValidateNested() @Type(() => EvidenceFileDto) evidenceFile?: EvidenceFileDto;
  @ApiPropertyOptional({ example: '2026-Q2', description: 'Kỳ (nhiệm vụ thường xuyên, định kỳ); mặc định: kỳ hiện tại' })
  @v.IsOptional()
  @v.Matches(/^\d{4}(-Q[1-4])?$/, { message: 'kỳ là 2026 hoặc 2026-Q1 … 2026-Q4' })
  period?: string;
  @ApiPropertyOptional({ enum: ['progress', 'done', 'reopen'], description: 'progress (mặc định): ghi tiến độ; done: hoàn thành; reopen: mở lại' })
  @v.IsOptional()
  @v.IsIn(['progress', 'done', 'reopen'], { message: 'kind là progress, done hoặc reopen' })
  kind?: 'progress' | 'done' | 'reopen';
  @ApiPropertyOptional({ example: '2026-03-10', description: 'Ngày hoàn thành (mặc định hôm nay)' })
  @v.IsOptional()
  @v.IsISO8601({ strict: true }, { message: 'ngày hoàn thành dạng YYYY-MM-DD' })
  @v.Length(10, 10, { message: 'ngày hoàn thành dạng YYYY-MM-DD' })
  doneOn?: string;
}
