import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError, notFound } from '../../common/app-error.js';
import { type DossierEventInput, EVENT_INSERT_RECORDS_SQL, EVENT_INSERT_SQL, eventRow, FEEDBACK_LOG, GENESIS_HASH } from '../../common/event-chain.js';
import { ChainKeys } from '../../common/event-chain.js';
import { isUuid } from '../../common/uuid.js';
import { Db, type Queryable } from '../../database/db.js';
import type { RecentRow } from '../../workflow-engine/recent-rows.js';
import { type Change, type TransitionStore, versionConflict } from '../../workflow-engine/transition-runner.js';
import { ChangeFeed } from '../events/change-feed.js';
import { NotificationService } from '../notification/notification.service.js';
import { pageOf, rowsOf } from '../../database/list-query.js';
import type { AgencyDirectory } from '../agency/agency-directory.js';
import type { Scope } from '../agency/scope.js';
import { DossierEntity } from '../dossier/dossier.entity.js';
import { type NotificationMessage, OUTBOX_INSERT_SQL, writeOutbox } from '../notification/outbox.js';
import { FeedbackEntity } from './feedback.entity.js';
import type { FeedbackRow } from './feedback-view.js';

/** What reception decides of a new item; the store adds its identity and bookkeeping. */
export type ReceivedItem = Pick<
  FeedbackEntity,
  | 'code'
  | 'agencyCode'
  | 'channel'
  | 'sender'
  | 'subject'
  | 'body'
  | 'about'
  | 'dossierId'
  | 'address'
  | 'lat'
  | 'long'
  | 'state'
  | 'receivedAt'
  | 'classifyDueAt'
  | 'dueAt'
  | 'warnAt'
  | 'stepWarnAt'
>;

/** A feedback item as the transition runner holds it: the chain's bookkeeping in its words, the stored row beside. */
export interface FeedbackItem {
  readonly id: string;
  readonly version: number;
  readonly eventCount: number;
  readonly lastHash: string;
  readonly row: FeedbackRow;
}

/** The columns an action sets beyond the state (answer, unit, publication…), and a dossier whose rollup it changes. */
export interface FeedbackWriteExtra {
  set: Record<string, unknown>;
  dossierDirty: string | null;
}

export const feedbackItem = (row: FeedbackRow): FeedbackItem => ({
  id: row.id,
  version: Number(row.version),
  eventCount: Number(row.event_count),
  lastHash: row.last_hash,
  row,
});

/** The feedback table as the transition runner reaches it. Feedback is not a hot path: one statement per change. */
@Injectable()
export class FeedbackStore implements TransitionStore<FeedbackItem, FeedbackWriteExtra, Queryable> {
  readonly log = FEEDBACK_LOG;

  constructor(
    private readonly db: Db,
    private readonly notifications: NotificationService,
    private readonly feed: ChangeFeed,
    readonly keys: ChainKeys,
  ) {}

  async read(ids: string[]): Promise<(RecentRow<FeedbackItem> | undefined)[]> {
    const rows = await this.db.statement<FeedbackRow>('SELECT * FROM feedback WHERE id = ANY($1::uuid[])', [ids]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const row = byId.get(id);
      // The staff's view reads the timeline again after the write: the runner's is not needed.
      return row && { row: feedbackItem(row), timeline: [] };
    });
  }

  /**
   * Each change as one statement: the row only if its version is still the one read, then its event, its outbox rows
   * and the dirty mark of the dossier it is about, only if the row was written.
   */
  async write(changes: Change<FeedbackItem, FeedbackWriteExtra>[], tx?: Queryable): Promise<(Partial<FeedbackItem> | null)[]> {
    const q = tx ?? this.db.autocommit;
    const answers: (Partial<FeedbackItem> | null)[] = [];
    for (const c of changes) {
      const r = c.next.row;
      const cols = Object.keys(c.extra.set);
      const written: unknown[] = await q.query(
        `WITH upd AS (
           UPDATE feedback SET state = $2, status = $3, version = $4, event_count = $5, last_hash = $6, updated_at = $7
             ${cols.map((col, i) => `, ${col} = $${i + 12}`).join('')}
           WHERE id = $1 AND version = $8 RETURNING id),
         ev AS (${EVENT_INSERT_RECORDS_SQL('upd, (SELECT $9::jsonb AS event) x', FEEDBACK_LOG)}),
         ob AS (${OUTBOX_INSERT_SQL('$10', 'upd')}),
         dd AS (UPDATE dossier SET rollup_dirty = true WHERE id = $11 AND EXISTS (SELECT 1 FROM upd))
         SELECT id FROM upd`,
        [
          c.next.id,
          r.state,
          r.status,
          c.next.version,
          c.next.eventCount,
          c.next.lastHash,
          c.event.at,
          c.before.version,
          JSON.stringify(c.eventRecord),
          JSON.stringify(c.messages),
          c.extra.dossierDirty,
          ...cols.map((col) => c.extra.set[col]),
        ],
      );
      answers.push(written.length > 0 ? {} : null);
    }
    return answers;
  }

  async versionOf(id: string): Promise<number | null> {
    const [current] = await this.db.statement<{ version: number }>('SELECT version FROM feedback WHERE id = $1', [id]);
    return current ? Number(current.version) : null;
  }

  notFound(id: string): AppError {
    return notFound('phản ánh', id);
  }

  readonly conflict = versionConflict('Phản ánh');

  committed(items: FeedbackItem[]): void {
    this.notifications.kick();
    this.feed.publish(items.map((i) => feedbackChange({ ...i.row, version: i.version })));
  }

  /** The dossier an item is about, by its code, if it belongs to `commune`. */
  async dossierIdOf(em: EntityManager, code: string, commune: string): Promise<string | null> {
    const d = await em.getRepository(DossierEntity).findOne({ select: { id: true }, where: { code, agencyCode: commune } });
    return d?.id ?? null;
  }

  /**
   * A received item with its first event and its outbox rows, in the caller's transaction; its id. An item about a
   * dossier changes that dossier's satisfaction figure: its rollup is marked to be redone.
   */
  async insertReceived(em: EntityManager, item: ReceivedItem, first: DossierEventInput, messages: NotificationMessage[]): Promise<string> {
    const id = randomUUID();
    const { params, hash } = eventRow(id, 1, GENESIS_HASH, first, this.keys, FEEDBACK_LOG);
    const at = item.receivedAt;
    await em.getRepository(FeedbackEntity).insert({ ...item, id, status: 'received', version: 1, eventCount: 1, lastHash: hash, createdAt: at, updatedAt: at });
    await em.query(
      EVENT_INSERT_SQL((n) => `$${n}`, FEEDBACK_LOG),
      params,
    );
    await writeOutbox(em, messages);
    if (item.dossierId) await em.getRepository(DossierEntity).update({ id: item.dossierId }, { rollupDirty: true });
    return id;
  }

  /** A page of the staff's list, cut to the user's scope; the open ones nearest their due first. */
  async list(
    em: EntityManager,
    scope: Scope,
    agencies: AgencyDirectory,
    q: { agency?: string; status?: string; open?: string; overdue?: string; page: number; pageSize: number; now: Date; dueBy?: Date },
  ): Promise<{ rows: FeedbackRow[]; total: number }> {
    const qb = scope.restrict(rowsOf(em, 'feedback', 'f'), 'f.agency_code', agencies, q.agency);
    const open = `f.published_at IS NULL AND f.status <> 'out_of_scope'`;
    if (q.status) qb.andWhere('f.status = :status', { status: q.status });
    if (q.open === 'true') qb.andWhere(open);
    if (q.overdue === 'true') qb.andWhere(`${open} AND f.due_at < :now`, { now: q.now });
    if (q.dueBy) qb.andWhere(`${open} AND f.due_at <= :dueBy`, { dueBy: q.dueBy });
    return pageOf<FeedbackRow>(qb.orderBy('f.due_at').addOrderBy('f.code'), q.page, q.pageSize);
  }

  /** A page of what the public may read: published items (of these agencies, or all), newest first. */
  published(em: EntityManager, agencies: string[] | null, page: number, pageSize: number): Promise<{ rows: FeedbackRow[]; total: number }> {
    const qb = rowsOf(em, 'feedback', 'f').where(`f.status = 'published'`);
    if (agencies) qb.andWhere('f.agency_code = ANY(:agencies)', { agencies });
    return pageOf<FeedbackRow>(qb.orderBy('f.published_at', 'DESC'), page, pageSize);
  }

  /** Open311 requests, newest first, at most 1,000 (as the specification suggests). */
  requests(em: EntityManager, q: { codes?: string[]; about?: string[]; agencies?: string[]; open?: boolean; from?: Date; to?: Date }): Promise<FeedbackRow[]> {
    const qb = rowsOf(em, 'feedback', 'f');
    if (q.codes) qb.andWhere('f.code = ANY(:codes)', { codes: q.codes });
    if (q.about) qb.andWhere('f.about = ANY(:about)', { about: q.about });
    if (q.agencies) qb.andWhere('f.agency_code = ANY(:agencies)', { agencies: q.agencies });
    if (q.open !== undefined) qb.andWhere(`f.status ${q.open ? 'NOT IN' : 'IN'} ('published', 'out_of_scope')`);
    if (q.from) qb.andWhere('f.received_at >= :from', { from: q.from });
    if (q.to) qb.andWhere('f.received_at <= :to', { to: q.to });
    return qb.orderBy('f.received_at', 'DESC').limit(1000).getRawMany<FeedbackRow>();
  }

  async byCode(q: Queryable, code: string): Promise<FeedbackRow | null> {
    const [row] = await q.query('SELECT * FROM feedback WHERE code = $1', [code]);
    return (row as FeedbackRow) ?? null;
  }

  async load(q: Queryable, id: string): Promise<FeedbackRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await q.query('SELECT * FROM feedback WHERE id = $1', [id]);
    return (row as FeedbackRow) ?? null;
  }
}

/** What the live pages hear of a committed item (`GET /api/v1/events`). */
export const feedbackChange = (f: { id: string; code: string; status: string; version: number; agency_code: string; unit_code?: unknown }) => ({
  kind: 'feedback' as const,
  id: f.id,
  code: f.code,
  status: f.status,
  version: Number(f.version),
  condition: null,
  agencyCode: f.agency_code,
  stepOwnerCode: (f.unit_code as string | null | undefined) ?? null,
});
