import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError, conflict, forbidden, validationFailed } from '../../common/app-error.js';
import { Page } from '../../common/paging.js';
import { Db } from '../../database/db.js';
import { formatVn } from '../../common/vn-time.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { hashPassword } from '../auth/password.js';
import { AccountCache } from './account-cache.js';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserView } from './user.dto.js';
import { Role, UserEntity } from './user.entity.js';
import { isUuid } from '../../common/uuid.js';

const COMMUNE_ROLES: Role[] = ['reception', 'specialist', 'leader', 'manager'];

export const toUserView = (u: UserEntity): UserView => ({
  id: u.id,
  username: u.username,
  fullName: u.fullName,
  roles: u.roles,
  agencyCode: u.agencyCode,
  active: u.active,
  createdAt: formatVn(u.createdAt),
});

/** A seeded account asked to be reset takes the seed's password, roles, unit and name again, and is enabled. */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgencyDirectory,
    private readonly accounts: AccountCache,
  ) {}

  /** Roles must fit the agency level: a province viewer sits at a province, centre staff in a commune. */
  private checkRolesFit(roles: Role[], agencyCode: string | null): void {
    if (agencyCode === null) {
      if (roles.some((r) => r !== 'admin' && r !== 'importer')) {
        throw validationFailed([{ field: 'agencyCode', message: 'chỉ tài khoản quản trị hoặc nhập liệu mới không gắn với cơ quan' }]);
      }
      return;
    }
    const level = this.agencies.get(agencyCode)?.level;
    if (!level) throw validationFailed([{ field: 'agencyCode', message: `không có cơ quan "${agencyCode}"` }]);
    if (roles.includes('province_viewer') && level !== 'province') {
      throw validationFailed([{ field: 'roles', message: 'vai trò province_viewer phải gắn với cấp tỉnh' }]);
    }
    if (roles.some((r) => COMMUNE_ROLES.includes(r)) && level === 'province') {
      throw validationFailed([{ field: 'roles', message: 'vai trò tiếp nhận, thụ lý, phê duyệt, quản lý phải gắn với xã/phường hoặc phòng ban' }]);
    }
  }

  /** An administrator manages only accounts inside their own scope; only a system admin creates system-wide ones. */
  private checkManageable(actor: AuthUser, agencyCode: string | null): void {
    const message = 'Bạn không được quản lý tài khoản của cơ quan này.';
    if (agencyCode === null && !actor.scope.all) throw forbidden(message);
    if (agencyCode !== null) actor.scope.mayActFor(agencyCode, message);
  }

  async create(actor: AuthUser, dto: CreateUserDto): Promise<UserView> {
    const agencyCode = dto.agencyCode ?? null;
    this.checkRolesFit(dto.roles, agencyCode);
    this.checkManageable(actor, agencyCode);
    const passwordHash = await hashPassword(dto.password);
    return this.db.tx(async (em) => {
      const { raw: rows } = await em
        .createQueryBuilder()
        .insert()
        .into(UserEntity)
        .values({ username: dto.username, fullName: dto.fullName, passwordHash, roles: dto.roles, agencyCode, active: true })
        .orIgnore()
        .returning('id')
        .execute();
      if (rows.length === 0) throw conflict('USERNAME_TAKEN', `Tên đăng nhập "${dto.username}" đã được dùng.`);
      return toUserView(await em.findOneByOrFail(UserEntity, { id: rows[0].id }));
    });
  }

  private async visible(em: EntityManager, actor: AuthUser, id: string): Promise<UserEntity> {
    const u = isUuid(id) ? await em.findOneBy(UserEntity, { id }) : null;
    // Outside the caller's scope is answered like "unknown", so other communes' accounts do not leak.
    return actor.scope.visible(u, (x) => x.agencyCode, 'tài khoản', id);
  }

  get(actor: AuthUser, id: string): Promise<UserView> {
    return this.db.read(async (em) => toUserView(await this.visible(em, actor, id)));
  }

  async update(actor: AuthUser, id: string, dto: UpdateUserDto): Promise<UserView> {
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    const view = await this.db.tx(async (em) => {
      const u = await this.visible(em, actor, id);
      if (u.id === actor.id && (dto.active === false || (dto.roles && !dto.roles.includes('admin')))) {
        throw new AppError(409, 'CANNOT_DEMOTE_SELF', 'Không thể tự khóa hoặc bỏ quyền quản trị của chính mình.');
      }
      // A move to another unit: the new unit must exist, fit the roles, and be within the caller's own scope.
      const agencyCode = dto.agencyCode === undefined ? u.agencyCode : dto.agencyCode;
      if (dto.roles || dto.agencyCode !== undefined) this.checkRolesFit(dto.roles ?? u.roles, agencyCode);
      if (dto.agencyCode !== undefined) this.checkManageable(actor, agencyCode);
      await em.update(
        UserEntity,
        { id: u.id },
        {
          ...(dto.agencyCode !== undefined ? { agencyCode } : {}),
          ...(dto.fullName !== undefined ? { fullName: dto.fullName } : {}),
          ...(dto.roles ? { roles: dto.roles } : {}),
          ...(dto.active !== undefined ? { active: dto.active } : {}),
          ...(passwordHash ? { passwordHash } : {}),
        },
      );
      return toUserView(await em.findOneByOrFail(UserEntity, { id: u.id }));
    });
    // At once in this process; other processes hear it from the table's trigger.
    this.accounts.forget(view.id);
    return view;
  }

  list(actor: AuthUser, q: ListUsersQuery): Promise<Page<UserView>> {
    return this.db.read(async (em) => {
      const qb = em.createQueryBuilder(UserEntity, 'u').orderBy('u.username', 'ASC');
      const codes = actor.scope.codesOf(this.agencies, q.agency);
      if (codes) qb.andWhere('u.agency_code = ANY(:codes)', { codes });
      if (q.role) qb.andWhere(':role = ANY(u.roles)', { role: q.role });
      const [rows, total] = await qb
        .skip((q.page - 1) * q.pageSize)
        .take(q.pageSize)
        .getManyAndCount();
      return { items: rows.map(toUserView), page: q.page, pageSize: q.pageSize, total };
    });
  }

  /**
   * Creates or resets an account directly (start-up admin, demo data). Not an API path: no actor checks.
   */
  async upsertSystemUser(
    em: EntityManager,
    u: { username: string; fullName: string; password: string; roles: Role[]; agencyCode: string | null },
    reset: boolean,
  ): Promise<void> {
    const hash = await hashPassword(u.password);
    const insert = em
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values({ username: u.username, fullName: u.fullName, passwordHash: hash, roles: u.roles, agencyCode: u.agencyCode, active: true });
    // A reset takes the account back as given: password, roles, unit, name, active again.
    await (reset ? insert.orUpdate(['password_hash', 'roles', 'agency_code', 'full_name', 'active', 'updated_at'], ['username']) : insert.orIgnore()).execute();
  }
}
