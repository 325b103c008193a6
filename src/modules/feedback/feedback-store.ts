import { Injectable } from '@nestjs/common';
import { AppError, notFound } from '../../common/app-error.js';
import { EVENT_INSERT_RECORDS_SQL, FEEDBACK_LOG } from '../../common/event-chain.js';
import { isUuid } from '../../common/uuid.js';
import { Db, type Queryable } from '../../database/db.js';
import type { RecentRow } from '../../workflow-engine/recent-rows.js';
import type { Change, TransitionStore } from '../../workflow-engine/transition-runner.js';
import { ChangeFeed } from '../events/change-feed.js';
import { NotificationService } from '../notification/notification.service.js';
import { OUTBOX_INSERT_SQL } from '../notification/outbox.js';
import type { FeedbackRow } from './feedback-view.js';

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

  conflict(expected: number, current: number | null): AppError {
    return new AppError(409, 'VERSION_CONFLICT', 'Phản ánh vừa được người khác cập nhật; hãy tải lại rồi thao tác lại.', {
      expectedVersion: expected,
      currentVersion: current,
    });
  }

  committed(items: FeedbackItem[]): void {
    this.notifications.kick();
    this.feed.publish(items.map((i) => feedbackChange({ ...i.row, version: i.version })));
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
