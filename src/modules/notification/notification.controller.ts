import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { PageQuery, type Page } from '../../common/paging.js';
import { Db } from '../../database/db.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { formatVn } from '../calendar/vn-time.js';
import { ref } from '../../common/schema.js';

export class NotificationQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'mã hồ sơ không hợp lệ' }) dossier?: string;
  @ApiPropertyOptional({ enum: ['applicant', 'staff'] }) @IsOptional() @IsIn(['applicant', 'staff']) audience?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() kind?: string;
}

interface NotificationView {
  id: number;
  dossierId: string | null;
  agencyCode: string | null;
  audience: string;
  recipient: string | null;
  channel: string;
  kind: string;
  subject: string;
  body: string;
  createdAt: string;
}

/** Delivered notifications, for the staff UI (what was sent to whom), scoped like dossiers. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationController {
  constructor(private readonly db: Db) {}

  @Get()
  @Roles('admin', 'reception', 'specialist', 'leader', 'manager')
  @ApiOperation({ summary: 'Thông báo đã gửi hoặc đã ghi nhận' })
  @ApiOkResponse({ schema: ref('NotificationPage') })
  async list(@CurrentUser() actor: AuthUser, @Query() q: NotificationQuery): Promise<Page<NotificationView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    if (!actor.scope.all) where.push(`(n.agency_code = ANY(${p(actor.scope.codes)}) OR d.agency_code = ANY($${params.length}))`);
    if (q.dossier) where.push(`n.dossier_id = ${p(q.dossier)}`);
    if (q.audience) where.push(`n.audience = ${p(q.audience)}`);
    if (q.kind) where.push(`n.kind = ${p(q.kind)}`);
    const sql = `FROM notification n LEFT JOIN dossier d ON d.id = n.dossier_id ${where.length ? 'WHERE ' + where.join(' AND ') : ''}`;
    return this.db.read(async (em) => {
      const [{ c }] = await em.query(`SELECT count(*)::int AS c ${sql}`, params);
      const rows = await em.query(`SELECT n.* ${sql} ORDER BY n.id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`, params);
      return {
        items: rows.map((r: Record<string, unknown>) => ({
          id: Number(r.id),
          dossierId: r.dossier_id as string | null,
          agencyCode: r.agency_code as string | null,
          audience: r.audience as string,
          recipient: r.recipient as string | null,
          channel: r.channel as string,
          kind: r.kind as string,
          subject: r.subject as string,
          body: r.body as string,
          createdAt: formatVn(new Date(r.created_at as string)),
        })),
        page: q.page,
        pageSize: q.pageSize,
        total: Number(c),
      };
    });
  }
}
