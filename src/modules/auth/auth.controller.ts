import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { NoIdempotency } from '../../common/idempotency.js';
import type { AuthUser } from './auth-user.js';
import { CurrentUser, Public } from './auth.decorators.js';
import { AuthService, LoginResult } from './auth.service.js';
import { ref } from '../../common/schema.js';
import { RateLimited } from '../../common/rate-limit.js';

export class LoginDto {
  @ApiProperty({ example: 'admin' }) @IsString() @MinLength(1) @MaxLength(64) username: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) password: string;
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @NoIdempotency()
  @RateLimited('login')
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Đăng nhập, nhận mã truy cập' })
  @ApiOkResponse({ schema: ref('LoginResult') })
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest): Promise<LoginResult> {
    return this.auth.login(dto.username, dto.password, req.ip ?? 'unknown');
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'Người đang đăng nhập' })
  @ApiOkResponse({ schema: ref('Me') })
  me(@CurrentUser() user: AuthUser): Omit<AuthUser, 'scope' | 'id'> & { id: string } {
    return { id: user.id, username: user.username, fullName: user.fullName, roles: user.roles, agencyCode: user.agencyCode };
  }
}
