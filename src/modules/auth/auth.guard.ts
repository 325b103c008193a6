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

  /** Each route's @Public and @Roles (by controller, then handler), read once: decorators do not change. */
  private readonly rules = new WeakMap<object, WeakMap<object, { isPublic: boolean; roles: Role[] | undefined }>>();

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const [handler, controller] = [ctx.getHandler(), ctx.getClass()];
    let byHandler = this.rules.get(controller);
    if (!byHandler) this.rules.set(controller, (byHandler = new WeakMap()));
    let rule = byHandler.get(handler);
    if (!rule) {
      const targets = [handler, controller];
      rule = {
        isPublic: Boolean(this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)),
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets),
      };
      byHandler.set(handler, rule);
    }
    if (rule.isPublic) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const user = (req.user = await this.authenticator.authenticate(req.headers.authorization));
    const { roles } = rule;
    if (roles && !roles.some((r) => user.roles.includes(r))) throw forbidden();
    return true;
  }
}
