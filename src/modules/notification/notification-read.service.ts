import { Injectable } from '@nestjs/common';
import { In, MoreThan } from 'typeorm';
import type { Page } from '../../common/paging.js';
import { Db } from '../../database/db.js';
import { pageOf, rowsOf } from '../../database/list-query.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { formatVn } from '../../common/vn-time.js';
import { NotificationSeenEntity } from './notification-seen.entity.js';
import { NotificationEntity } from './notification.entity.js';

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
      const notes = em.getRepository(NotificationEntity);
      const staff = { audience: 'staff', ...(units ? { agencyCode: In(units) } : {}) };
      const rows = await notes.find({
        select: { id: true, dossierId: true, agencyCode: true, kind: true, subject: true, body: true, createdAt: true },
        where: staff,
        order: { id: 'DESC' },
        take: 20,
      });
      const seen = await em.getRepository(NotificationSeenEntity).findOneBy({ userId: actor.id });
      const lastSeen = seen ? Number(seen.lastId) : 0;
      // The bell counts up to 100 ("99+"): no need to count further.
      const unread = await notes.find({ select: { id: true }, where: { ...staff, id: MoreThan(String(lastSeen)) }, take: 100 });
      return {
        unread: unread.length,
        lastSeen,
        items: rows.map((r) => ({
          id: Number(r.id),
          dossierId: r.dossierId,
          agencyCode: r.agencyCode,
          kind: r.kind,
          subject: r.subject,
          body: r.body,
          createdAt: formatVn(r.createdAt),
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
