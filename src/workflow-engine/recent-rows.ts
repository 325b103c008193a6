import type { TimelineEvent } from '../common/event-chain.js';

/** What the cache needs of a row: its key and its version. */
export interface VersionedRow {
  readonly id: string;
  readonly version: number;
}

/** A row as this process last wrote or read it, with its timeline. */
export interface RecentRow<R extends VersionedRow> {
  readonly row: R;
  readonly timeline: readonly TimelineEvent[];
}

/**
 * The rows (dossiers) this process received, acted on or showed last, so that an action on one of them need not read it
 * again (ADR 0012). An entry is used only when the action's `expectedVersion` is its version, and the write still
 * compares that version in PostgreSQL: if another process (an API process, the sweep's worker) has written the
 * dossier since, the write changes nothing and the action gets VERSION_CONFLICT, exactly as after a read. So an
 * entry can be stale, never wrong. Every column an action computes from changes only with a version bump; the ones
 * that change without one (rating, warned_at) come back from the write itself.
 *
 * Least recently used entries go first; `capacity` 0 turns the cache off (every action reads its dossier).
 */
export class RecentRows<R extends VersionedRow> {
  private readonly entries = new Map<string, RecentRow<R>>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The entry of `id` at exactly `version`, if there is one. */
  at(id: string, version: number): RecentRow<R> | undefined {
    const e = this.entries.get(id);
    if (e === undefined || e.row.version !== version) return undefined;
    // Map order is insertion order: re-inserting makes it the most recently used.
    this.entries.delete(id);
    this.entries.set(id, e);
    return e;
  }

  /** Keeps the row and timeline, unless a newer version of the dossier is already kept (a read that lost a race). */
  remember(row: R, timeline: readonly TimelineEvent[]): void {
    if (this.capacity === 0) return;
    const old = this.entries.get(row.id);
    if (old !== undefined && old.row.version > row.version) return;
    this.entries.delete(row.id);
    this.entries.set(row.id, { row, timeline });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Drops the entry of `id` if it is still at `version` (a write from it failed: it is stale). */
  forget(id: string, version: number): void {
    if (this.entries.get(id)?.row.version === version) this.entries.delete(id);
  }
}
