import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppError, unauthorized } from '../../common/app-error.js';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/app-config.js';
import { LessThan, MoreThan } from 'typeorm';
import { Db } from '../../database/db.js';
import { LoginAttemptEntity } from './login-attempt.entity.js';
import { UserEntity } from '../users/user.entity.js';
import type { TokenPayload } from './auth-user.js';
import { DUMMY_HASH, verifyPassword } from './password.js';

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: { username: string; fullName: string; roles: string[]; agencyCode: string | null };
}

/** Failures from one address may be a few users sharing an office connection: allow more per address. */
const IP_FACTOR = 4;

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async login(usernameRaw: string, password: string, ip: string): Promise<LoginResult> {
    const username = usernameRaw.trim().toLowerCase();
    const now = this.clock.now();
    const since = new Date(now.getTime() - this.config.loginWindowSeconds * 1000);

    const { failuresUser, failuresIp } = await this.db.read(async (em) => {
      // Failures of this username since its last success within the window, and of this address.
      const attempts = em.getRepository(LoginAttemptEntity);
      const last = await attempts.findOne({ select: { id: true, at: true }, where: { username, success: true }, order: { at: 'DESC' } });
      const from = last && last.at > since ? last.at : since;
      return {
        failuresUser: await attempts.countBy({ username, at: MoreThan(from), success: false }),
        failuresIp: await attempts.countBy({ ip, at: MoreThan(since), success: false }),
      };
    });
    if (failuresUser >= this.config.loginMaxFailures || failuresIp >= this.config.loginMaxFailures * IP_FACTOR) {
      throw new AppError(429, 'LOGIN_RATE_LIMITED', 'Đăng nhập sai quá nhiều lần; vui lòng thử lại sau ít phút.', {
        retryAfterSeconds: this.config.loginWindowSeconds,
      });
    }

    const user = await this.db.read((em) =>
      em.createQueryBuilder(UserEntity, 'u').addSelect('u.passwordHash').where('u.username = :username', { username }).getOne(),
    );
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    const success = Boolean(user && user.active && ok);
    await this.db.tx((em) => em.getRepository(LoginAttemptEntity).insert({ username: username.slice(0, 64), ip: ip.slice(0, 64), at: now, success }));
    if (!success || !user) throw unauthorized('INVALID_CREDENTIALS', 'Tên đăng nhập hoặc mật khẩu không đúng.');

    const payload: TokenPayload = { sub: user.id, username: user.username, roles: user.roles, agencyCode: user.agencyCode };
    return {
      accessToken: await this.jwt.signAsync(payload),
      expiresIn: this.config.jwtTtlSeconds,
      user: { username: user.username, fullName: user.fullName, roles: user.roles, agencyCode: user.agencyCode },
    };
  }

  /** Housekeeping: attempts older than a day no longer matter for any window we allow. */
  async purgeOldAttempts(): Promise<void> {
    const keep = Math.max(86400, this.config.loginWindowSeconds) * 1000;
    await this.db.tx((em) => em.getRepository(LoginAttemptEntity).delete({ at: LessThan(new Date(this.clock.now().getTime() - keep)) }));
  }
}
