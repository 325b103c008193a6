import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../common/app-error.js';
import { Clock } from '../../common/clock.js';
import { Batcher } from '../../database/batcher.js';
import { Db, type Queryable } from '../../database/db.js';
import { conditionOf } from '../../workflow-engine/dossier-machine.js';
import { ruleSetFor } from '../../workflow-engine/rule-set.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { formatVn } from '../../common/vn-time.js';
import { NotificationService } from '../notification/notification.service.js';
import { ChangeFeed } from '../events/change-feed.js';
import { OUTBOX_INSERT_SQL } from '../notification/outbox.js';
import { checkActionRole, checkStepOwner, RECEPTION_ROLES } from './dossier-access.js';
import { nextDossierCode } from './dossier-code.js';
import { DossierEnvFactory } from './dossier-env.js';
import {
  DOSSIER_LOG,
  EVENT_INSERT_RECORDS_SQL,
  EVENT_INSERT_SQL,
  eventRow,
  GENESIS_HASH,
  type StoredEvent,
  TIMELINE_JSON_SQL,
  type TimelineEvent,
  timelineEvent,
  timelineEvents,
} from '../../common/event-chain.js';
import { messagesFor } from './dossier-messages.js';
import { type RecentDossier, RecentDossiers } from './recent-dossiers.js';
import { type ActionCommand, applyAction, type DossierState, openDossier, type RulesEnv } from './dossier-rules.js';
import {
  ACTION_COLUMNS,
  type ActionRecord,
  actionRecord,
  dossierChange,
  type DossierRow,
  DOSSIER_COLUMNS,
  DOSSIER_READ,
  fromDb,
  newTrackingSecret,
  rowParams,
  type Unversioned,
  UNVERSIONED_COLUMNS,
  unversionedOf,
} from './dossier-row.js';
import { type CreateDossierDto, type DossierActionDto, toCommand } from './dossier.dto.js';
import { isUuid } from '../../common/uuid.js';

export interface Actor {
  id: string | null;
  name: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: 'Hệ thống' };

/**
 * Reception and every state change (design.md decision 3): one transaction that locks the dossier row,
 * compares the version, asks the pure rules, writes the row, appends the hash-chained event and the outbox rows.
 */
@Injectable()
export class DossierService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly envs: DossierEnvFactory,
    private readonly agencies: AgencyDirectory,
    private readonly workflows: WorkflowsRef,
    private readonly notifications: NotificationService,
    private readonly recent: RecentDossiers,
    private readonly feed: ChangeFeed,
  ) {}

  /** Concurrent actions' reads, one statement per turn of the event loop: the rows and logs of their dossiers. */
  private readonly reads = new Batcher<string, ReadRow | undefined>(
    async (ids) => {
      const rows = await this.db.statement<ReadRow>(READ_FOR_ACTION, [ids], 'dossier-read-for-action');
      const byId = new Map(rows.map((r) => [r.id as string, r]));
      return ids.map((id) => byId.get(id));
    },
    (id) => id,
  );

  /**
   * Concurrent actions' writes, one statement per turn of the event loop; each answers the columns others change
   * without a version bump, as written, or null if its row was not written (its version had moved).
   * Up to 16 per statement, where reads take 8: most actions skip their read, so nothing overlaps with the write
   * any more, and each statement costs this process a round trip and PostgreSQL a commit (ADR 0012).
   */
  private readonly writes = new Batcher<WriteRecord, Unversioned | null>(
    async (records) => {
      const rows = await this.db.statement<Record<string, unknown>>(WRITE_SQL, writeParams(records), 'dossier-action-write');
      const written = new Map(rows.map((r) => [r.id as string, r]));
      return records.map((r) => {
        const w = written.get(r.row.id);
        return w ? unversionedOf(w) : null;
      });
    },
    (r) => r.row.id,
    16,
  );

  /** The dossier and its timeline as PostgreSQL has them now, or 404. */
  private async readForAction(id: string): Promise<RecentDossier> {
    const raw = await this.reads.submit(id);
    if (!raw) throw notFound('hồ sơ', id);
    return { row: fromDb(raw), timeline: timelineEvents(raw.timeline) };
  }

  /**
   * Reception over HTTP. The day's code counter is locked from its upsert to the commit, so everything else is
   * prepared first and written by one statement after it: concurrent receptions in one commune wait for two round
   * trips each, not for the whole reception. `present` builds the response after the commit from what was written.
   */
  async receive<T>(actor: AuthUser, dto: CreateDossierDto, present: (row: DossierRow, env: RulesEnv, events: StoredEvent[]) => T): Promise<T> {
    if (!RECEPTION_ROLES.some((r) => actor.roles.includes(r))) throw forbidden('Chỉ cán bộ tiếp nhận mới tiếp nhận hồ sơ.');
    const commune = this.agencies.communeOf(dto.agencyCode);
    actor.scope.mayActFor(commune, 'Bạn chỉ tiếp nhận hồ sơ của xã/phường mình.');
    const received = await this.db.tx((em) => this.receiveIn(em, { id: actor.id, name: actor.fullName }, dto, this.clock.now().getTime(), { imported: false }));
    this.notifications.kick();
    this.feed.publish([dossierChange(received.row)]);
    this.recent.remember(received.row, [timelineEvent(received.event)]);
    return present(received.row, received.env, [received.event]);
  }

  /** Reception inside a caller's transaction (live or import), at instant `at`. */
  async receiveIn(
    em: EntityManager,
    actor: Actor,
    dto: CreateDossierDto,
    at: number,
    opts: { imported: boolean; code?: string },
  ): Promise<{ row: DossierRow; env: RulesEnv; event: StoredEvent }> {
    const commune = this.agencies.communeOf(dto.agencyCode);
    const def = this.envs.find(dto.procedureCode);
    if (!def) throw validationFailed([{ field: 'procedureCode', message: `không có thủ tục "${dto.procedureCode}"` }]);
    if (!this.envs.offeredBy(def.code).includes(commune)) {
      throw validationFailed([
        { field: 'procedureCode', message: `thủ tục ${def.code} không thuộc thẩm quyền giải quyết của ${this.agencies.get(commune)?.name ?? commune}` },
      ]);
    }
    const ruleSet = ruleSetFor(this.workflows.value.ruleSets, at);
    const { machine } = await this.envs.definition(em, def.code, def.definitionVersion);
    const env = this.envs.envFor(def, machine, ruleSet, commune);
    const state = openDossier(env, at);
    const id = randomUUID();
    const input = {
      action: 'receive',
      actorId: actor.id,
      actorName: actor.name,
      at: new Date(at),
      from: null,
      to: state.status,
      payload: { channel: dto.channel, procedureCode: def.code, procedureVersion: def.definitionVersion, ruleSetId: ruleSet.id, dueAt: formatVn(state.dueAt) },
      note: null,
    };
    const { params: eventParams, hash, payload } = eventRow(id, 1, GENESIS_HASH, input);
    // The counter's lock is taken here and held to the commit: nothing slow may follow it.
    const code = opts.code ?? (await nextDossierCode(em, this.agencies.get(commune)!.unitId, new Date(at)));
    const row: DossierRow = {
      id,
      code,
      agencyCode: commune,
      procedureCode: def.code,
      procedureVersion: def.definitionVersion,
      ruleSetId: ruleSet.id,
      channel: dto.channel,
      applicant: { ...dto.applicant },
      subject: dto.subject ?? null,
      documents: dto.documents ?? [],
      state,
      warnedAt: null,
      rating: null,
      ratingComment: null,
      ratedAt: null,
      imported: opts.imported,
      trackingSecret: newTrackingSecret(),
      version: 1,
      eventCount: 1,
      lastHash: hash,
      createdAt: new Date(at),
      updatedAt: new Date(at),
    };
    const n = DOSSIER_COLUMNS.length + 1;
    const inserted: unknown[] = await em.query(
      `WITH d AS (
         INSERT INTO dossier (id, ${DOSSIER_COLUMNS.join(', ')}) VALUES (${Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ')})
         ON CONFLICT (code) DO NOTHING RETURNING id),
       ev AS (${EVENT_INSERT_SQL((k) => `$${n + k}`, DOSSIER_LOG, 'd')}),
       ob AS (${OUTBOX_INSERT_SQL(`$${n + 13}`, 'd')})
       SELECT id FROM d`,
      [id, ...rowParams(row), ...eventParams, JSON.stringify(messagesFor(row, 'receive', this.agencies))],
    );
    if (inserted.length === 0) throw conflict('DOSSIER_CODE_TAKEN', `Mã hồ sơ ${code} đã tồn tại.`, { code });
    const event: StoredEvent = { ...input, payload, seq: 1, prevHash: GENESIS_HASH, hash };
    return { row, env, event };
  }

  async load(em: Queryable, id: string): Promise<DossierRow | null> {
    if (!isUuid(id)) return null;
    const rows = await em.query('SELECT * FROM dossier WHERE id = $1', [id]);
    return rows[0] ? fromDb(rows[0]) : null;
  }

  async rulesEnv(em: Queryable, row: DossierRow): Promise<RulesEnv> {
    const { def, machine } = await this.envs.definition(em, row.procedureCode, row.procedureVersion);
    return this.envs.envFor(def, machine, this.envs.ruleSet(row.ruleSetId), row.agencyCode);
  }

  /**
   * A user's action over HTTP: scope (404), role and step owner (403), version (409), machine (409).
   * Two statements, no explicit transaction: the row and its log are read as of one snapshot without a lock, and
   * the write is one statement that updates the row only if its version is still the one read, appending the
   * event and the outbox rows only if it did. Of concurrent actions on one version exactly one writes; the others
   * get VERSION_CONFLICT. Both statements are shared with the other actions of the same turn of the event loop
   * (`Batcher`): each dossier keeps its own version guard and its own answer. The read is skipped when this
   * process holds the dossier at the expected version (`RecentDossiers`); the write's version guard is the same.
   * `present` builds the response from the written row and its timeline.
   */
  async act<T>(actor: AuthUser, id: string, dto: DossierActionDto, present: (row: DossierRow, env: RulesEnv, timeline: TimelineEvent[]) => T): Promise<T> {
    const cmd = toCommand(dto);
    if (!isUuid(id)) throw notFound('hồ sơ', id);
    const { row, timeline } = this.recent.at(id, dto.expectedVersion) ?? (await this.readForAction(id));
    actor.scope.visible(row, (r) => r.agencyCode, 'hồ sơ', id);
    checkActionRole(actor, dto.action);
    // A stale view is answered as such before judging the department against a step the user has not seen.
    if (row.version !== dto.expectedVersion) throw versionConflict(dto.expectedVersion, row.version);
    checkStepOwner(actor, this.agencies, dto.action, row.state.steps[row.state.machine.context.stepIndex]?.ownerCode ?? null);
    const env = await this.rulesEnv(this.db.autocommit, row);
    const change = this.change(env, row, cmd, this.clock.now().getTime(), { id: actor.id, name: actor.fullName }, dto.note ?? null);
    const unversioned = await this.writes.submit(writeRecord(row, change));
    if (unversioned === null) {
      this.recent.forget(id, row.version);
      const [current] = await this.db.statement<{ version: number }>('SELECT version FROM dossier WHERE id = $1', [id]);
      throw versionConflict(dto.expectedVersion, current ? Number(current.version) : null);
    }
    this.notifications.kick();
    const next: DossierRow = { ...change.next, ...unversioned };
    this.feed.publish([dossierChange(next)]);
    const nextTimeline = [...timeline, timelineEvent(change.event)];
    this.recent.remember(next, nextTimeline);
    return present(next, env, nextTimeline);
  }

  /** Applies one command to a row the caller has locked (import) and writes everything the change implies. */
  async applyIn(em: EntityManager, row: DossierRow, cmd: ActionCommand, at: number, actor: Actor, note: string | null): Promise<DossierRow> {
    return (await this.applyEachIn(em, [row], cmd, at, actor, note))[0];
  }

  /** The same command applied to each of rows the caller has locked (the sweep), all written by one statement. */
  async applyEachIn(em: EntityManager, rows: DossierRow[], cmd: ActionCommand, at: number, actor: Actor, note: string | null): Promise<DossierRow[]> {
    if (rows.length === 0) return [];
    const records: WriteRecord[] = [];
    const next: DossierRow[] = [];
    for (const row of rows) {
      const change = this.change(await this.rulesEnv(em, row), row, cmd, at, actor, note);
      records.push(writeRecord(row, change));
      next.push(change.next);
    }
    const written = new Set((await em.query(WRITE_SQL, writeParams(records))).map((r: { id: string }) => r.id));
    // The caller holds the rows' locks, so a version that moved is a bug, not a race: the transaction is undone.
    const missed = rows.find((r) => !written.has(r.id));
    if (missed) throw versionConflict(missed.version, null);
    return next;
  }

  /** The rules' verdict on one command, as the row and the event to write (nothing written yet). */
  private change(env: RulesEnv, row: DossierRow, cmd: ActionCommand, at: number, actor: Actor, note: string | null): Change {
    const before = row.state;
    const after: DossierState = applyAction(env, before, cmd, at, actor.name);
    const seq = row.eventCount + 1;
    const { action: _a, ...payload } = cmd as ActionCommand & Record<string, unknown>;
    if (cmd.action === 'issue_apology') payload.newDueAt = formatVn(cmd.newDueAt);
    const next: DossierRow = { ...row, state: after, version: row.version + 1, eventCount: seq, updatedAt: new Date(at) };
    // A moved due instant may deserve a new early warning.
    const resetWarning = after.warnAt !== before.warnAt && after.warnAt !== null && after.warnAt > at;
    if (resetWarning) next.warnedAt = null;
    const input = {
      action: cmd.action,
      actorId: actor.id,
      actorName: actor.name,
      at: new Date(at),
      from: stateLabel(before),
      to: stateLabel(after),
      payload,
      note,
    };
    const stored = eventRow(row.id, seq, row.lastHash, input);
    next.lastHash = stored.hash;
    const event: StoredEvent = { ...input, payload: stored.payload, seq, prevHash: row.lastHash, hash: stored.hash };
    return { next, event, eventRecord: stored.record, resetWarning, messages: messagesFor(next, cmd.action, this.agencies) };
  }
}

/** What WRITE_SQL reads of one change of `row` (one element of its jsonb array). */
const writeRecord = (row: DossierRow, c: Change): WriteRecord => ({
  row: actionRecord(c.next),
  expectedVersion: row.version,
  resetWarning: c.resetWarning,
  event: c.eventRecord,
  messages: c.messages,
});

const writeParams = (records: WriteRecord[]): unknown[] => [JSON.stringify(records), records.map((r) => r.row.id)];

interface WriteRecord {
  row: ActionRecord;
  expectedVersion: number;
  resetWarning: boolean;
  event: Record<string, unknown>;
  messages: unknown[];
}

/**
 * One statement for a batch of changes (a jsonb array of `writeRecord`s, each of a different dossier): each row is
 * updated only if its version is still the one read, and its event and outbox rows are inserted only if it was;
 * it returns the ids of the rows written. warned_at, rating and the rollup basis are not rewritten: the sweep and
 * others change them without a version bump.
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
      warned_at = CASE WHEN v.reset_warning THEN NULL ELSE d.warned_at END, rollup_dirty = true
    FROM v WHERE d.id = ANY($2::uuid[]) AND d.id = v.id AND d.version = v.expected_version
    RETURNING d.id, ${UNVERSIONED_COLUMNS.map((c) => `d.${c}`).join(', ')}),
  ev AS (${EVENT_INSERT_RECORDS_SQL('upd JOIN v USING (id)', DOSSIER_LOG)}),
  ob AS (${OUTBOX_INSERT_SQL('v.messages', 'upd JOIN v USING (id)')})
  SELECT id, ${UNVERSIONED_COLUMNS.join(', ')} FROM upd`;

type ReadRow = Record<string, unknown> & { timeline: unknown };

interface Change {
  next: DossierRow;
  event: StoredEvent;
  eventRecord: Record<string, unknown>;
  resetWarning: boolean;
  messages: ReturnType<typeof messagesFor>;
}

/** The rows of a batch of ids, each with its timeline as one JSON column. */
const READ_FOR_ACTION = `SELECT ${DOSSIER_READ}, ${TIMELINE_JSON_SQL('d.id')} AS timeline FROM dossier d WHERE d.id = ANY($1::uuid[])`;

const versionConflict = (expected: number, current: number | null): AppError =>
  new AppError(409, 'VERSION_CONFLICT', 'Hồ sơ vừa được người khác cập nhật; hãy tải lại rồi thao tác lại.', {
    expectedVersion: expected,
    currentVersion: current,
  });

/** "processing.tham_dinh" style label of the flow position, for the timeline's from/to. */
export function stateLabel(s: DossierState): string {
  const v = s.machine.value;
  const flow = typeof v === 'string' ? v : Object.entries(v as Record<string, string>).map(([k, sub]) => `${k}.${sub}`)[0];
  const c = conditionOf(s.machine.context);
  return c === 'on_time' ? flow : `${flow} (${c})`;
}
