import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { unauthorized } from '../../common/app-error.js';
import { isUuid } from '../../common/uuid.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import { Scope } from '../agency/scope.js';
import { AccountCache } from '../users/account-cache.js';
import type { AuthUser, TokenPayload } from './auth-user.js';

/** The caller behind an `Authorization: Bearer` header: used by the auth guard and by the idempotency hooks. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly jwt: JwtService,
    private readonly accounts: AccountCache,
    private readonly agencies: AgencyDirectory,
  ) {}

  /** Tokens already verified, until they expire: the signature check showed in the action benchmark. */
  private readonly verified = new Map<string, TokenPayload & { exp: number }>();
  /** Scopes by agency: the directory does not change while the process runs, and every request needs one. */
  private readonly scopes = new Map<string | null, Scope>();

  /** The active account the header's token names; 401 (Vietnamese message) otherwise. */
  async authenticate(header: string | undefined): Promise<AuthUser> {
    const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!m) throw unauthorized();
    const payload = await this.verify(m[1]);
    // Disabling a user or changing roles takes effect at once: the cache forgets changed accounts (account-cache.ts).
    const user = await this.accounts.get(payload.sub);
    if (!user || !user.active) throw unauthorized('INVALID_TOKEN', 'Tài khoản không còn hoạt động.');
    return {
      id: user.id,
      username: user.username,
      fullName: user.fullName,
      roles: user.roles,
      agencyCode: user.agencyCode,
      scope: this.scopeOf(user.agencyCode),
    };
  }

  private scopeOf(agencyCode: string | null): Scope {
    let scope = this.scopes.get(agencyCode);
    if (!scope) this.scopes.set(agencyCode, (scope = Scope.forAgency(this.agencies, agencyCode)));
    return scope;
  }

  private async verify(token: string): Promise<TokenPayload> {
    const known = this.verified.get(token);
    if (known && known.exp * 1000 > Date.now()) return known;
    this.verified.delete(token);
    try {
      const payload = await this.jwt.verifyAsync<TokenPayload & { exp: number }>(token);
      // Signed with our secret is not enough (issue 25): a token must expire, and name an account by its id.
      if (typeof payload.exp !== 'number' || typeof payload.sub !== 'string' || !isUuid(payload.sub)) throw new Error('token without exp or account id');
      if (this.verified.size >= 10_000) this.verified.clear();
      this.verified.set(token, payload);
      return payload;
    } catch (e) {
      if ((e as Error).name === 'TokenExpiredError') throw unauthorized('TOKEN_EXPIRED', 'Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại.');
      throw unauthorized('INVALID_TOKEN', 'Mã đăng nhập không hợp lệ.');
    }
  }
}
