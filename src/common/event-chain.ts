import { hash as digest } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { formatVn, isoUtc } from './vn-time.js';
import { canonicalJson } from '../workflows/workflows-loader.js';

/** An append-only, hash-chained event log table (dossier_event, feedback_event): same columns, own key. */
export interface EventLog {
  table: 'dossier_event' | 'feedback_event';
  key: 'dossier_id' | 'feedback_id';
}
export const DOSSIER_LOG: EventLog = { table: 'dossier_event', key: 'dossier_id' };
export const FEEDBACK_LOG: EventLog = { table: 'feedback_event', key: 'feedback_id' };

/** The hash before a record's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export interface DossierEventInput {
  action: string;
  actorId: string | null;
  actorName: string;
  at: Date;
  from: string | null;
  to: string;
  payload: Record<string, unknown>;
  note: string | null;
}

export interface StoredEvent extends DossierEventInput {
  seq: number;
  prevHash: string;
  hash: string;
}

/** Each event's hash covers its content and its predecessor's hash, so any rewrite breaks the chain from there. */
export function eventHash(prevHash: string, seq: number, e: DossierEventInput): string {
  const body = canonicalJson({
    seq,
    action: e.action,
    actorId: e.actorId,
    actorName: e.actorName,
    at: isoUtc(e.at),
    from: e.from,
    to: e.to,
    payload: e.payload,
    note: e.note,
  });
  // One-shot hash (Node ≥ 20.12): a third of createHash's cost for a string this small, same digest.
  return digest('sha256', `${prevHash}\n${body}`, 'hex');
}

const EVENT_COLUMNS = ['seq', 'action', 'actor_id', 'actor_name', 'at', 'from_status', 'to_status', 'payload', 'note', 'prev_hash', 'hash'];

/** `onlyIf`: a CTE name; the event is inserted only if that CTE returned a row (the guarded row update). */
export const EVENT_INSERT_SQL = (p: (n: number) => string, log: EventLog = DOSSIER_LOG, onlyIf?: string): string =>
  `INSERT INTO ${log.table} (${log.key}, ${EVENT_COLUMNS.join(', ')})
   ${onlyIf ? 'SELECT ' : 'VALUES ('}${Array.from({ length: 12 }, (_, i) => p(i + 1)).join(', ')}${onlyIf ? ` FROM ${onlyIf}` : ')'}`;

/** Inside a write's CTE: one event per row of `from`, each given as an `eventRow` record in its jsonb column `event`. */
export const EVENT_INSERT_RECORDS_SQL = (from: string, log: EventLog = DOSSIER_LOG): string => {
  const cols = [log.key, ...EVENT_COLUMNS];
  return `INSERT INTO ${log.table} (${cols.join(', ')})
    SELECT ${cols.map((c) => `e.${c}`).join(', ')} FROM ${from}, jsonb_populate_record(NULL::${log.table}, event) e`;
};

/**
 * The event's row values and hash (payload normalised to what jsonb gives back: undefined fields dropped), as
 * statement parameters and as a record keyed by column (`EVENT_INSERT_RECORDS_SQL`).
 */
export function eventRow(
  ownerId: string,
  seq: number,
  prevHash: string,
  input: DossierEventInput,
  log: EventLog = DOSSIER_LOG,
): { params: unknown[]; record: Record<string, unknown>; hash: string; payload: Record<string, unknown> } {
  const payloadJson = JSON.stringify(input.payload);
  const payload = JSON.parse(payloadJson) as Record<string, unknown>;
  const e = { ...input, payload };
  const hash = eventHash(prevHash, seq, e);
  const params = [ownerId, seq, e.action, e.actorId, e.actorName, e.at, e.from, e.to, payloadJson, e.note, prevHash, hash];
  const record: Record<string, unknown> = { [log.key]: ownerId };
  // The instant as text: a Date costs JSON.stringify a toISOString (see dossier-row's `ts`).
  EVENT_COLUMNS.forEach((c, i) => (record[c] = c === 'payload' ? payload : c === 'at' ? formatVn(e.at) : params[i + 1]));
  return { params, record, hash, payload };
}

/** Appends event `seq` after `prevHash`; the caller holds the dossier row, so seq cannot be taken twice. */
export async function appendEvent(
  em: EntityManager,
  dossierId: string,
  seq: number,
  prevHash: string,
  input: DossierEventInput,
  log: EventLog = DOSSIER_LOG,
): Promise<string> {
  const { params, hash } = eventRow(dossierId, seq, prevHash, input, log);
  await em.query(
    EVENT_INSERT_SQL((n) => `$${n}`, log),
    params,
  );
  return hash;
}

interface EventRow {
  seq: number;
  action: string;
  actor_id: string | null;
  actor_name: string;
  at: Date | string;
  from_status: string | null;
  to_status: string;
  payload: Record<string, unknown>;
  note: string | null;
  prev_hash: string;
  hash: string;
}

export async function readEvents(em: Pick<EntityManager, 'query'>, dossierId: string, log: EventLog = DOSSIER_LOG): Promise<StoredEvent[]> {
  const rows: EventRow[] = await em.query(
    `SELECT seq, action, actor_id, actor_name, at, from_status, to_status, payload, note, prev_hash, hash
     FROM ${log.table} WHERE ${log.key} = $1 ORDER BY seq`,
    [dossierId],
  );
  return rows.map(storedEvent);
}

/** What a timeline shows of an event (api.md: action, actor, at, from, to, note): no hashes, no actor id. */
export type TimelineEvent = Pick<StoredEvent, 'seq' | 'action' | 'actorName' | 'at' | 'from' | 'to' | 'payload' | 'note'>;

/**
 * SQL giving a record's timeline as one JSON array of `[seq, action, actor_name, at, from, to, payload, note]`
 * (`owner`: the SQL expression of its id), for `timelineEvents`. Arrays of the shown columns rather than whole rows:
 * the action path reads this for every action, and whole rows (hashes, ids, two timestamps) cost PostgreSQL and
 * the server about twice as much to build and parse (ADR 0011).
 */
export const TIMELINE_JSON_SQL = (owner: string, log: EventLog = DOSSIER_LOG): string =>
  `(SELECT coalesce(json_agg(json_build_array(e.seq, e.action, e.actor_name, e.at, e.from_status, e.to_status, e.payload, e.note) ORDER BY e.seq), '[]'::json)
    FROM ${log.table} e WHERE e.${log.key} = ${owner})`;

/** What a timeline keeps of a stored event (no hashes, no actor id). */
export const timelineEvent = (e: StoredEvent | TimelineEvent): TimelineEvent => ({
  seq: e.seq,
  action: e.action,
  actorName: e.actorName,
  at: e.at,
  from: e.from,
  to: e.to,
  payload: e.payload,
  note: e.note,
});

type TimelineTuple = [number, string, string, string, string | null, string, Record<string, unknown>, string | null];

/** The events of a `TIMELINE_JSON_SQL` column (json: timestamps as text). */
export const timelineEvents = (json: unknown): TimelineEvent[] =>
  ((typeof json === 'string' ? JSON.parse(json) : json) as TimelineTuple[]).map(([seq, action, actorName, at, from, to, payload, note]) => ({
    seq,
    action,
    actorName,
    at: new Date(at),
    from,
    to,
    payload,
    note,
  }));

function storedEvent(r: EventRow): StoredEvent {
  return {
    seq: Number(r.seq),
    action: r.action,
    actorId: r.actor_id ?? null,
    actorName: r.actor_name,
    at: new Date(r.at),
    from: r.from_status ?? null,
    to: r.to_status,
    payload: r.payload,
    note: r.note ?? null,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export interface AuditResult {
  valid: boolean;
  events: number;
  /** First event whose link or content does not verify (null when the chain is whole). */
  brokenAt: number | null;
  problem: string | null;
  lastHash: string | null;
}

/** Re-derives every hash from the content; `expectedCount`/`expectedLast` come from the dossier row. */
export function verifyChain(events: StoredEvent[], expectedCount: number, expectedLast: string): AuditResult {
  let prev = GENESIS_HASH;
  const fail = (seq: number, problem: string): AuditResult => ({ valid: false, events: events.length, brokenAt: seq, problem, lastHash: prev });
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.seq !== i + 1) return fail(i + 1, `thiếu sự kiện số ${i + 1}`);
    if (e.prevHash !== prev) return fail(e.seq, 'liên kết tới sự kiện trước không khớp');
    if (eventHash(prev, e.seq, e) !== e.hash) return fail(e.seq, 'nội dung sự kiện đã bị thay đổi');
    prev = e.hash;
  }
  if (events.length !== expectedCount) return fail(events.length + 1, `hồ sơ ghi ${expectedCount} sự kiện nhưng nhật ký có ${events.length}`);
  if (prev !== expectedLast) return fail(events.length, 'mã băm cuối không khớp với hồ sơ');
  return { valid: true, events: events.length, brokenAt: null, problem: null, lastHash: prev };
}
