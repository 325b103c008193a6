import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsNumber, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { FEEDBACK_ABOUT } from './feedback.dto.js';

/** POST requests.json parameters (GeoReport v2); values arrive form-encoded, so numbers are converted. */
export class Open311RequestDto {
  @ApiPropertyOptional({ description: 'Mã xã/phường, ví dụ LS.LOCBINH (bắt buộc ở hệ thống này)' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  jurisdiction_id?: string;
  @ApiPropertyOptional({ enum: FEEDBACK_ABOUT })
  @IsIn(FEEDBACK_ABOUT, { message: 'service_code là regulation, dossier_handling hoặc other' })
  service_code: (typeof FEEDBACK_ABOUT)[number];
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsNumber() @Min(-90) @Max(90) lat?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsNumber() @Min(-180) @Max(180) long?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) address_string?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) address_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail({}, { message: 'email không hợp lệ' }) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) device_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) account_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) first_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) last_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) phone?: string;
  @ApiPropertyOptional() @IsString() @MaxLength(100_000) description: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) media_url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) api_key?: string;
  @ApiPropertyOptional() @IsOptional() @IsObject() attribute?: Record<string, unknown>;
}

export class Open311ListQuery {
  @ApiPropertyOptional({ description: 'Danh sách mã, phân cách bằng dấu phẩy' }) @IsOptional() @IsString() @MaxLength(2000) service_request_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) service_code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() start_date?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() end_date?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) jurisdiction_id?: string;
}
