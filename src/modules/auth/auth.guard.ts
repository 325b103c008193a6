import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { forbidden } from '../../common/app-error.js';
import type { Role } from '../users/user.entity.js';
import type { AuthUser } from './auth-user.js';
import { Authenticator } from './authenticator.js';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';

/** Global guard: every route needs a valid token unless marked @Public(); @Roles() narrows it further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const user = (req.user = await this.authenticator.authenticate(req.headers.authorization));
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.some((r) => user.roles.includes(r))) throw forbidden();
    return true;
  }
}
