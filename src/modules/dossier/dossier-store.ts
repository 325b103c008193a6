import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError, conflict, notFound } from '../../common/app-error.js';
import { DOSSIER_LOG, EVENT_INSERT_RECORDS_SQL, EVENT_INSERT_SQL, TIMELINE_JSON_SQL, timelineEvents } from '../../common/event-chain.js';
import { ChainKeys, EVENT_PARAMS } from '../../common/event-chain.js';
import { isUuid } from '../../common/uuid.js';
import { containsPattern, viFold } from '../../common/vi-fold.js';
import { Db, type Queryable } from '../../database/db.js';
import { namedParams, pageOf, rowsOf } from '../../database/list-query.js';
import type { AgencyDirectory } from '../agency/agency-directory.js';
import type { Scope } from '../agency/scope.js';
import type { RecentRow } from '../../workflow-engine/recent-rows.js';
import { type Change, type TransitionStore, versionConflict } from '../../workflow-engine/transition-runner.js';
import { ChangeFeed } from '../events/change-feed.js';
import { NotificationService } from '../notification/notification.service.js';
import { OUTBOX_INSERT_SQL } from '../notification/outbox.js';
import {
  ACTION_COLUMNS,
  actionRecord,
  dossierChange,
  DOSSIER_COLUMNS,
  DOSSIER_READ,
  type DossierRow,
  fromDb,
  rowParams,
  type Unversioned,
  UNVERSIONED_COLUMNS,
  unversionedOf,
} from './dossier-row.js';
import type { ListDossiersQuery } from './dossier.dto.js';

/** What a dossier's write needs beyond the runner's change: whether the early warning is to be given again. */
export interface DossierWriteExtra {
  resetWarning: boolean;
}

/**
 * The dossier table as the transition runner and reception reach it: the batched read with the timeline, the
 * guarded batched write with its event and outbox rows (ADR 0007, 0010, 0012), the reception insert, one row by id.
 * Hand-written SQL, because these are the statements the action benchmark measures.
 */
@Injectable()
export class DossierStore implements TransitionStore<DossierRow, DossierWriteExtra, Queryable> {
  readonly log = DOSSIER_LOG;

  constructor(
    private readonly db: Db,
    private readonly notifications: NotificationService,
    private readonly feed: ChangeFeed,
    readonly keys: ChainKeys,
  ) {}

  async read(ids: string[]): Promise<(RecentRow<DossierRow> | undefined)[]> {
    const rows = await this.db.statement<ReadRow>(READ_FOR_ACTION, [ids], 'dossier-read-for-action');
    const byId = new Map(rows.map((r) => [r.id as string, r]));
    return ids.map((id) => {
      const raw = byId.get(id);
      return raw && { row: fromDb(raw), timeline: timelineEvents(raw.timeline) };
    });
  }

  /**
   * Up to 16 changes per statement, where reads take 8: most actions skip their read, so nothing overlaps with the
   * write any more, and each statement costs this process a round trip and PostgreSQL a commit (ADR 0012).
   */
  async write(changes: Change<DossierRow, DossierWriteExtra>[], tx?: Queryable): Promise<(Unversioned | null)[]> {
    const records = changes.map(writeRecord);
    const params = [JSON.stringify(records), records.map((r) => r.row.id)];
    const rows: Record<string, unknown>[] = tx ? await tx.query(WRITE_SQL, params) : await this.db.statement(WRITE_SQL, params, 'dossier-action-write');
    const written = new Map(rows.map((r) => [r.id as string, r]));
    return records.map((r) => {
      const w = written.get(r.row.id);
      return w ? unversionedOf(w) : null;
    });
  }

  async versionOf(id: string): Promise<number | null> {
    const [current] = await this.db.statement<{ version: number }>('SELECT version FROM dossier WHERE id = $1', [id]);
    return current ? Number(current.version) : null;
  }

  notFound(id: string): AppError {
    return notFound('hồ sơ', id);
  }

  readonly conflict = versionConflict('Hồ sơ');

  committed(rows: DossierRow[]): void {
    this.notifications.kick();
    this.feed.publish(rows.map(dossierChange));
  }

  /** A page of the dossier list: cut to the user's scope, filtered, newest first. */
  async list(
    em: EntityManager,
    scope: Scope,
    agencies: AgencyDirectory,
    q: Pick<ListDossiersQuery, 'agency' | 'status' | 'procedure' | 'overdue' | 'q' | 'page' | 'pageSize'> & { dueBefore?: Date },
  ): Promise<{ rows: DossierRow[]; total: number }> {
    const qb = scope.restrict(rowsOf(em, 'dossier', 'd'), ['d.agency_code', 'd.receiving_agency_code'], agencies, q.agency);
    if (q.status) qb.andWhere('d.status = :status', { status: q.status });
    if (q.procedure) qb.andWhere('d.procedure_code = :procedure', { procedure: q.procedure });
    if (q.overdue === 'true') qb.andWhere(`d.condition IN ('overdue', 'overdue_apologized')`);
    if (q.overdue === 'false') qb.andWhere(`d.condition NOT IN ('overdue', 'overdue_apologized')`);
    if (q.dueBefore) qb.andWhere('d.due_at < :dueBefore AND d.finished_at IS NULL', { dueBefore: q.dueBefore });
    if (q.q) {
      const search = namedParams('search');
      qb.andWhere(searchSql(q.q, search.bind), search.params);
    }
    const { rows, total } = await pageOf(qb.orderBy('d.received_at', 'DESC').addOrderBy('d.code', 'DESC'), q.page, q.pageSize);
    return { rows: rows.map(fromDb), total };
  }

  /**
   * The open, unresolved dossiers of the overdue board that fall in a bucket, cut to the scope, nearest their
   * reporting due first, at most `limit`.
   */
  board(
    em: EntityManager,
    scope: Scope,
    agencies: AgencyDirectory,
    q: { agency?: string; procedure?: string; field?: string[]; now: Date },
    limit: number,
  ): Promise<(Record<string, unknown> & { bucket: BoardBucket })[]> {
    const qb = em
      .createQueryBuilder()
      .select(`d.id, d.code, d.agency_code, d.procedure_code, d.applicant_name, d.status, d.condition, d.clock, d.state, d.version, (${BUCKET_SQL}) AS bucket`)
      .from('dossier', 'd')
      .where(`d.finished_at IS NULL AND d.resolved_at IS NULL AND (${BUCKET_SQL}) IS NOT NULL`)
      .setParameter('now', q.now);
    scope.restrict(qb, 'd.agency_code', agencies, q.agency);
    if (q.procedure) qb.andWhere('d.procedure_code = :procedure', { procedure: q.procedure });
    if (q.field) qb.andWhere('d.procedure_code = ANY(:field)', { field: q.field });
    return qb.orderBy('d.original_due_at').addOrderBy('d.code').limit(limit).getRawMany();
  }

  /** One dossier as stored, or null (an id that is not a uuid is no dossier). */
  async load(q: Queryable, id: string): Promise<DossierRow | null> {
    if (!isUuid(id)) return null;
    const rows = await q.query('SELECT * FROM dossier WHERE id = $1', [id]);
    return rows[0] ? fromDb(rows[0]) : null;
  }

  /** One dossier by its code, or null; `lock` holds it to the end of the caller's transaction. */
  async byCode(q: Queryable, code: string, lock = false): Promise<DossierRow | null> {
    const rows = await q.query(`SELECT * FROM dossier WHERE code = $1${lock ? ' FOR UPDATE' : ''}`, [code]);
    return rows[0] ? fromDb(rows[0]) : null;
  }

  /**
   * A received dossier with its first event and its outbox rows, in one statement; false when its code is taken.
   * `event` holds the event's EVENT_PARAMS statement parameters (`eventRow`).
   */
  async insertReceived(q: Queryable, row: DossierRow, event: unknown[], messages: unknown[]): Promise<boolean> {
    const n = DOSSIER_COLUMNS.length + 1;
    const inserted: unknown[] = await q.query(
      `WITH d AS (
         INSERT INTO dossier (id, ${DOSSIER_COLUMNS.join(', ')}) VALUES (${Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ')})
         ON CONFLICT (code) DO NOTHING RETURNING id),
       ev AS (${EVENT_INSERT_SQL((k) => `$${n + k}`, DOSSIER_LOG, 'd')}),
       ob AS (${OUTBOX_INSERT_SQL(`$${n + EVENT_PARAMS + 1}`, 'd')})
       SELECT id FROM d`,
      [row.id, ...rowParams(row), ...event, JSON.stringify(messages)],
    );
    return inserted.length > 0;
  }
}

/** A code, an applicant's name with or without diacritics, or an ID number (the list and the inbox). */
export function searchSql(text: string, p: (v: unknown) => string): string {
  const q = text.trim();
  return `(lower(code) LIKE ${p(containsPattern(q.toLowerCase()))} OR applicant_name_folded LIKE ${p(containsPattern(viFold(q)))}
    OR applicant_id_number = ${p(q)})`;
}

export const BOARD_BUCKETS = ['overdue', 'apology_due', 'warned', 'waiting'] as const;
export type BoardBucket = (typeof BOARD_BUCKETS)[number];

const WAITING = `status IN ('awaiting_supplement', 'awaiting_payment')`;
/**
 * Each open, unresolved dossier falls in at most one bucket (:now): late; not late yet but a step is, so an
 * apology (form 04) is owed before its deadline; past the early warning (or already apologised); waiting for the
 * citizen's papers or fee (never late, domain.md §5).
 */
const BUCKET_SQL = `CASE
  WHEN ${WAITING} THEN 'waiting'
  WHEN condition IN ('overdue', 'overdue_apologized') THEN 'overdue'
  WHEN condition = 'on_time' AND apology_count = 0 AND step_due_at < :now THEN 'apology_due'
  WHEN condition = 'apologized' OR warn_at <= :now THEN 'warned' END`;

export const codeTaken = (code: string): AppError => conflict('DOSSIER_CODE_TAKEN', `Mã hồ sơ ${code} đã tồn tại.`, { code });

/** What WRITE_SQL reads of one change (one element of its jsonb array). */
const writeRecord = (c: Change<DossierRow, DossierWriteExtra>) => ({
  row: actionRecord(c.next),
  expectedVersion: c.before.version,
  resetWarning: c.extra.resetWarning,
  event: c.eventRecord,
  messages: c.messages,
});

/**
 * One statement for a batch of changes (a jsonb array of `writeRecord`s, each of a different dossier): each row is
 * updated only if its version is still the one read, and its event and outbox rows are inserted only if it was;
 * it returns the ids of the rows written. warned_at, rating and the rollup basis are not rewritten: the sweep and
 * others change them without a version bump. The step warning and the apology reminder are given again when their
 * instant moved into the future (a new step, a moved due instant).
 * The ids come again as a uuid array ($2): the planner takes a jsonb array for 100 rows, and so scanned the whole
 * dossier table of a small commune for every batch instead of looking up its few rows by key.
 */
const WRITE_SQL = `
  WITH v AS (
    SELECT r.*, (x->>'expectedVersion')::int AS expected_version, (x->>'resetWarning')::boolean AS reset_warning,
      x->'event' AS event, x->'messages' AS messages
    FROM jsonb_array_elements($1::jsonb) x, jsonb_populate_record(NULL::dossier, x->'row') r),
  upd AS (
    UPDATE dossier d SET (${ACTION_COLUMNS.join(', ')}) = (${ACTION_COLUMNS.map((c) => `v.${c}`).join(', ')}),
      warned_at = CASE WHEN v.reset_warning THEN NULL ELSE d.warned_at END, rollup_dirty = true,
      step_warned_at = CASE WHEN v.step_warn_at IS DISTINCT FROM d.step_warn_at AND v.step_warn_at > v.updated_at THEN NULL
        ELSE d.step_warned_at END,
      apology_reminded_at = CASE WHEN v.apology_due_by IS DISTINCT FROM d.apology_due_by AND v.apology_due_by > v.updated_at THEN NULL
        ELSE d.apology_reminded_at END
    FROM v WHERE d.id = ANY($2::uuid[]) AND d.id = v.id AND d.version = v.expected_version
    RETURNING d.id, ${UNVERSIONED_COLUMNS.map((c) => `d.${c}`).join(', ')}),
  ev AS (${EVENT_INSERT_RECORDS_SQL('upd JOIN v USING (id)', DOSSIER_LOG)}),
  ob AS (${OUTBOX_INSERT_SQL('v.messages', 'upd JOIN v USING (id)')})
  SELECT id, ${UNVERSIONED_COLUMNS.join(', ')} FROM upd`;

type ReadRow = Record<string, unknown> & { timeline: unknown };

/** The rows of a batch of ids, each with its timeline as one JSON column. */
const READ_FOR_ACTION = `SELECT ${DOSSIER_READ}, ${TIMELINE_JSON_SQL('d.id')} AS timeline FROM dossier d WHERE d.id = ANY($1::uuid[])`;
