import type { Scope } from '../agency/scope.js';
import type { Role } from '../users/user.entity.js';

/** The authenticated caller, attached to the request by the auth guard. */
export interface AuthUser {
  id: string;
  username: string;
  fullName: string;
  roles: Role[];
  agencyCode: string | null;
  scope: Scope;
}

export interface TokenPayload {
  sub: string;
  username: string;
  roles: Role[];
  agencyCode: string | null;
}
