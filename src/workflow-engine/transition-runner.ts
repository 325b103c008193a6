import { AppError } from '../common/app-error.js';
import { Batcher } from '../common/batcher.js';
import { type ChainKeys, type DossierEventInput, type EventLog, eventRow, type StoredEvent, type TimelineEvent, timelineEvent } from '../common/event-chain.js';
import { type RecentRow, RecentRows } from './recent-rows.js';

/** What the runner needs of a row: its key, its version and the head of its event chain. */
export interface ChainedRow {
  readonly id: string;
  readonly version: number;
  readonly eventCount: number;
  readonly lastHash: string;
}

/**
 * A domain's pure verdict on one action: the row after it (a new object: the runner sets its version and chain on
 * it), the event's words, the messages to send, and whatever else the domain's write needs (`extra`).
 */
export interface Decision<R, X> {
  next: R;
  event: DossierEventInput;
  messages: unknown[];
  extra: X;
}

/** A decided change, ready for the store's write: the row before and after, the chained event, the messages. */
export interface Change<R, X> {
  before: R;
  next: R;
  event: StoredEvent;
  /** The event as a record keyed by column (`EVENT_INSERT_RECORDS_SQL`). */
  eventRecord: Record<string, unknown>;
  messages: unknown[];
  extra: X;
}

/**
 * Where one kind of row is read and written. `write` writes each change only if its row is still at the version it
 * was decided on (with its event and outbox rows, in one statement or one transaction) and answers, per change,
 * the columns it read back (merged into the row) or null when the version had moved. `tx` is the caller's
 * transaction (the sweep, the import), or undefined for a write of its own.
 */
export interface TransitionStore<R extends ChainedRow, X, Tx> {
  readonly log: EventLog;
  /** The audit keys its events are hashed under. */
  readonly keys: ChainKeys;
  read(ids: string[]): Promise<(RecentRow<R> | undefined)[]>;
  write(changes: Change<R, X>[], tx?: Tx): Promise<(Partial<R> | null)[]>;
  /** The version the database holds now, for the 409's details. */
  versionOf(id: string): Promise<number | null>;
  notFound(id: string): AppError;
  /** 409 in the domain's words. */
  conflict(expected: number, current: number | null): AppError;
  /** After a commit: the live pages and the notification worker hear of it. */
  committed(rows: R[]): void;
}

/** The 409 of a row whose version moved, in the domain's words (`subject`: "Hồ sơ", "Phản ánh"). */
export const versionConflict =
  (subject: string) =>
  (expected: number, current: number | null): AppError =>
    new AppError(409, 'VERSION_CONFLICT', `${subject} vừa được người khác cập nhật; hãy tải lại rồi thao tác lại.`, {
      expectedVersion: expected,
      currentVersion: current,
    });

/** How an action is judged: `admit` before the version is compared (scope, role), `decide` after it. */
export interface Judge<R, X> {
  admit(row: R): void;
  decide(row: R, timeline: readonly TimelineEvent[]): Decision<R, X> | Promise<Decision<R, X>>;
}

/**
 * The one way a dossier or a feedback item changes (design.md decision 3, ADR 0007, 0012): the version guard, the
 * batched read and write, the hash-chained event, the outbox rows, the 409 answers and the recent-row cache. A domain
 * gives it a store and, per action, a pure decision.
 *
 * An action over HTTP takes two statements and no explicit transaction: the row and its log are read as of one
 * snapshot without a lock (or taken from `recent` at the expected version), and the write updates the row only if its
 * version is still the one read, appending the event and the outbox rows only if it did. Of concurrent actions on one
 * version exactly one writes; the others get the domain's 409. Both statements are shared with the other actions of
 * the same turn of the event loop (`Batcher`), each row keeping its own guard and its own answer.
 */
export class TransitionRunner<R extends ChainedRow, X, Tx> {
  private readonly reads: Batcher<string, RecentRow<R> | undefined>;
  private readonly writes: Batcher<Change<R, X>, Partial<R> | null>;

  constructor(
    private readonly store: TransitionStore<R, X, Tx>,
    private readonly recent: RecentRows<R>,
    batch: { reads: number; writes: number },
  ) {
    this.reads = new Batcher(
      (ids) => store.read(ids),
      (id) => id,
      batch.reads,
    );
    this.writes = new Batcher(
      (changes) => store.write(changes),
      (c) => c.before.id,
      batch.writes,
    );
  }

  /** One action on row `id` seen at `expectedVersion`: 404, the judge's refusals, 409, or the row and timeline written. */
  async run(id: string, expectedVersion: number, judge: Judge<R, X>): Promise<RecentRow<R>> {
    const { row, timeline } = this.recent.at(id, expectedVersion) ?? (await this.read(id));
    judge.admit(row);
    if (row.version !== expectedVersion) throw this.store.conflict(expectedVersion, row.version);
    const change = this.chain(row, await judge.decide(row, timeline));
    const answer = await this.writes.submit(change);
    if (answer === null) {
      this.recent.forget(id, row.version);
      throw this.store.conflict(expectedVersion, await this.store.versionOf(id));
    }
    const next: R = { ...change.next, ...answer };
    this.store.committed([next]);
    const written = { row: next, timeline: [...timeline, timelineEvent(change.event)] };
    this.recent.remember(written.row, written.timeline);
    return written;
  }

  /**
   * Changes of rows the caller has locked, in its transaction (the sweep, the import), written together. The caller
   * holds the locks, so a version that moved is a bug, not a race: the transaction is undone.
   */
  async applyIn(tx: Tx, rows: R[], decide: (row: R) => Decision<R, X> | Promise<Decision<R, X>>): Promise<R[]> {
    if (rows.length === 0) return [];
    const changes: Change<R, X>[] = [];
    for (const row of rows) changes.push(this.chain(row, await decide(row)));
    const answers = await this.store.write(changes, tx);
    const missed = answers.findIndex((a) => a === null);
    if (missed >= 0) throw this.store.conflict(rows[missed].version, null);
    return changes.map((c, i) => ({ ...c.next, ...answers[i] }));
  }

  private async read(id: string): Promise<RecentRow<R>> {
    const found = await this.reads.submit(id);
    if (!found) throw this.store.notFound(id);
    return found;
  }

  /** The decision as the next link of the row's event chain: the event's sequence and hash, the row's new version. */
  private chain(row: R, d: Decision<R, X>): Change<R, X> {
    const seq = row.eventCount + 1;
    const stored = eventRow(row.id, seq, row.lastHash, d.event, this.store.keys, this.store.log);
    const next: R = Object.assign(d.next, { version: row.version + 1, eventCount: seq, lastHash: stored.hash });
    const event: StoredEvent = { ...d.event, payload: stored.payload, seq, prevHash: row.lastHash, hash: stored.hash };
    return { before: row, next, event, eventRecord: stored.record, messages: d.messages, extra: d.extra };
  }
}
