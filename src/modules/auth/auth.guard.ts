import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../../common/app-error.js';
import { AccountCache } from '../users/account-cache.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import { Scope } from '../agency/scope.js';
import type { Role } from '../users/user.entity.js';
import type { AuthUser, TokenPayload } from './auth-user.js';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';

/** Global guard: every route needs a valid token unless marked @Public(); @Roles() narrows it further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly accounts: AccountCache,
    private readonly agencies: AgencyDirectory,
  ) {}

  /** Tokens already verified, until they expire: the signature check showed in the action benchmark. */
  private readonly verified = new Map<string, TokenPayload & { exp: number }>();

  private async verify(token: string): Promise<TokenPayload> {
    const known = this.verified.get(token);
    if (known && known.exp * 1000 > Date.now()) return known;
    this.verified.delete(token);
    try {
      const payload = await this.jwt.verifyAsync<TokenPayload & { exp: number }>(token);
      if (this.verified.size >= 10_000) this.verified.clear();
      this.verified.set(token, payload);
      return payload;
    } catch (e) {
      if ((e as Error).name === 'TokenExpiredError') throw unauthorized('TOKEN_EXPIRED', 'Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại.');
      throw unauthorized('INVALID_TOKEN', 'Mã đăng nhập không hợp lệ.');
    }
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw unauthorized();
    const payload = await this.verify(m[1]);
    // Disabling a user or changing roles takes effect at once: the cache forgets changed accounts (account-cache.ts).
    const user = await this.accounts.get(payload.sub);
    if (!user || !user.active) throw unauthorized('INVALID_TOKEN', 'Tài khoản không còn hoạt động.');
    req.user = {
      id: user.id,
      username: user.username,
      fullName: user.fullName,
      roles: user.roles,
      agencyCode: user.agencyCode,
      scope: Scope.forAgency(this.agencies, user.agencyCode),
    };
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.some((r) => user.roles.includes(r))) throw forbidden();
    return true;
  }
}
