import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/paging.js';
import { ROLES, type Role } from './user.entity.js';

export class CreateUserDto {
  @ApiProperty({ example: 'locbinh.tiepnhan' })
  @IsString()
  @Matches(/^[a-z0-9._-]{3,64}$/, { message: 'tên đăng nhập gồm 3–64 ký tự a-z, 0-9, dấu chấm, gạch ngang, gạch dưới' })
  username: string;

  @ApiProperty({ example: 'Nguyễn Văn A' }) @IsString() @MinLength(2) @MaxLength(200) fullName: string;

  @ApiProperty({ minLength: 8 }) @IsString() @MinLength(8, { message: 'mật khẩu phải dài ít nhất 8 ký tự' }) @MaxLength(200) password: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true, message: `vai trò phải là một trong: ${ROLES.join(', ')}` })
  roles: Role[];

  @ApiPropertyOptional({ nullable: true, description: 'null: quản trị toàn hệ thống' })
  @ValidateIf((o: CreateUserDto) => o.agencyCode !== null)
  @IsString()
  agencyCode: string | null;
}

/** A field a PATCH may leave out but not set to null: the columns behind it are NOT NULL. */
const IfPresent = (): PropertyDecorator => ValidateIf((_o: object, v: unknown) => v !== undefined);

export class UpdateUserDto {
  @ApiPropertyOptional() @IfPresent() @IsString() @MinLength(2) @MaxLength(200) fullName?: string;
  @ApiPropertyOptional() @IfPresent() @IsString() @MinLength(8, { message: 'mật khẩu phải dài ít nhất 8 ký tự' }) @MaxLength(200) password?: string;
  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IfPresent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];
  @ApiPropertyOptional() @IfPresent() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ nullable: true, description: 'đơn vị mới; null: quản trị toàn hệ thống' })
  @ValidateIf((o: UpdateUserDto) => o.agencyCode !== undefined && o.agencyCode !== null)
  @IsString()
  agencyCode?: string | null;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() agency?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @Type(() => String) @IsIn(ROLES) role?: Role;
}

export interface UserView {
  id: string;
  username: string;
  fullName: string;
  roles: Role[];
  agencyCode: string | null;
  active: boolean;
  createdAt: string;
}
