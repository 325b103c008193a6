import { Injectable } from '@nestjs/common';
import type { Page } from '../../common/paging.js';
import { Db } from '../../database/db.js';
import { pageOf, rowsOf } from '../../database/list-query.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { formatVn } from '../../common/vn-time.js';

export interface NotificationView {
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

/** Reading notifications: an officer's bell (what is new since they last looked) and the record of what was sent. */
@Injectable()
export class NotificationReadService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgencyDirectory,
  ) {}

  /**
   * The bell: the newest notifications for this officer's unit (warnings, overdue dossiers and the apologies they owe,
   * feedback to handle, reports produced), and how many are new since they last looked. A centre manager and the
   * commune's leaders hear of the whole commune; other officers of a department, of their department.
   */
  async mine(actor: AuthUser) {
    const units = this.unitsOf(actor);
    return this.db.read(async (em) => {
      const where = `audience = 'staff'${units ? ' AND agency_code = ANY($1)' : ''}`;
      const params = units ? [units] : [];
      const rows: Record<string, unknown>[] = await em.query(
        `SELECT id, dossier_id, agency_code, kind, subject, body, created_at FROM notification WHERE ${where} ORDER BY id DESC LIMIT 20`,
        params,
      );
      const [seen] = await em.query('SELECT last_id FROM notification_seen WHERE user_id = $1', [actor.id]);
      const lastSeen = seen ? Number(seen.last_id) : 0;
      const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM notification WHERE ${where} AND id > $${params.length + 1} LIMIT 100) x`, [
        ...params,
        lastSeen,
      ]);
      return {
        unread: Number(n),
        lastSeen,
        items: rows.map((r) => ({
          id: Number(r.id),
          dossierId: r.dossier_id as string | null,
          agencyCode: r.agency_code as string | null,
          kind: r.kind as string,
          subject: r.subject as string,
          body: r.body as string,
          createdAt: formatVn(new Date(r.created_at as string)),
          unread: Number(r.id) > lastSeen,
        })),
      };
    });
  }

  /** Marks the bell read up to a notification (never backwards: two tabs may race). */
  async seen(actor: AuthUser, upTo: number): Promise<void> {
    await this.db.tx((em) =>
      em.query(
        `INSERT INTO notification_seen (user_id, last_id) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET last_id = GREATEST(notification_seen.last_id, EXCLUDED.last_id)`,
        [actor.id, upTo],
      ),
    );
  }

  /** The units whose notifications this officer hears of; null: the whole scope. */
  private unitsOf(actor: AuthUser): string[] | null {
    const own = actor.agencyCode ? this.agencies.get(actor.agencyCode) : undefined;
    const commune = actor.roles.some((r) => r === 'manager' || r === 'leader') || own?.level !== 'department';
    if (!commune) return [own!.code];
    return actor.scope.codesOf(this.agencies);
  }

  /** What was sent (or recorded) to whom, scoped like dossiers. */
  async list(actor: AuthUser, q: { dossier?: string; audience?: string; kind?: string; page: number; pageSize: number }): Promise<Page<NotificationView>> {
    return this.db.read(async (em) => {
      const qb = rowsOf(em, 'notification', 'n').leftJoin('dossier', 'd', 'd.id = n.dossier_id');
      // A dossier's message to its applicant carries the dossier's commune through the dossier.
      actor.scope.restrict(qb, ['n.agency_code', 'd.agency_code']);
      if (q.dossier) qb.andWhere('n.dossier_id = :dossier', { dossier: q.dossier });
      if (q.audience) qb.andWhere('n.audience = :audience', { audience: q.audience });
      if (q.kind) qb.andWhere('n.kind = :kind', { kind: q.kind });
      const { rows, total } = await pageOf(qb.orderBy('n.id'), q.page, q.pageSize);
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
        total,
      };
    });
  }
}
