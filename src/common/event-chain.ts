import { hash as digest, type KeyObject } from 'node:crypto';
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
  /** The audit key that keyed the hash; null for an event hashed before the chain was keyed. */
  keyId?: string | null;
}

/**
 * The server's audit keys, kept outside the database (issue 25): each event's hash is an HMAC under the current key,
 * so someone who rewrites an event in the database cannot recompute the chain after it. Earlier keys (a rotation)
 * still verify the events they keyed. An id (the key's digest, 8 hex) names the key in each event.
 */
export class ChainKeys {
  readonly current: { id: string; key: KeyObject };
  private readonly byId: Map<string, KeyObject>;

  constructor(current: KeyObject, previous: KeyObject[] = []) {
    const idOf = (k: KeyObject): string => digest('sha256', k.export(), 'hex').slice(0, 8);
    this.current = { id: idOf(current), key: current };
    this.byId = new Map([current, ...previous].map((k) => [idOf(k), k]));
  }

  key(id: string): KeyObject | undefined {
    return this.byId.get(id);
  }

  private readonly pads = new WeakMap<KeyObject, { inner: Buffer; outer: Buffer }>();

  /**
   * HMAC-SHA-256 (RFC 2104) as two one-shot hashes over the key's padded blocks, computed once per key: a createHmac
   * object per event cost an action about 12 µs of CPU, three times the one-shot hashes (bench: actions). The test
   * `chain-keys.spec.ts` holds it equal to createHmac.
   */
  mac(key: KeyObject, text: string): string {
    let pad = this.pads.get(key);
    if (!pad) {
      const raw = key.export();
      const block = Buffer.alloc(64);
      (raw.length > 64 ? digest('sha256', raw, 'buffer') : raw).copy(block);
      pad = { inner: Buffer.from(block.map((b) => b ^ 0x36)), outer: Buffer.from(block.map((b) => b ^ 0x5c)) };
      this.pads.set(key, pad);
    }
    const inner = digest('sha256', Buffer.concat([pad.inner, Buffer.from(text, 'utf8')]), 'buffer');
    return digest('sha256', Buffer.concat([pad.outer, inner]), 'hex');
  }
}

/** The text an event's hash covers: its predecessor's hash and its content. */
function hashedText(prevHash: string, seq: number, e: DossierEventInput): string {
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
  return `${prevHash}\n${body}`;
}

/** Each event's hash covers its content and its predecessor's hash, so any rewrite breaks the chain from there. */
export function eventHash(prevHash: string, seq: number, e: DossierEventInput, keys: ChainKeys): string {
  return keys.mac(keys.current.key, hashedText(prevHash, seq, e));
}

/** The hash of an event written before the chain was keyed (plain SHA-256), checked only under a seal. */
const legacyHash = (prevHash: string, seq: number, e: DossierEventInput): string => digest('sha256', hashedText(prevHash, seq, e), 'hex');

const EVENT_COLUMNS = ['seq', 'action', 'actor_id', 'actor_name', 'at', 'from_status', 'to_status', 'payload', 'note', 'prev_hash', 'hash', 'key_id'];

/** How many statement parameters an event takes (`eventRow`'s params: the owner's id and the columns). */
export const EVENT_PARAMS = EVENT_COLUMNS.length + 1;

/** `onlyIf`: a CTE name; the event is inserted only if that CTE returned a row (the guarded row update). */
export const EVENT_INSERT_SQL = (p: (n: number) => string, log: EventLog = DOSSIER_LOG, onlyIf?: string): string =>
  `INSERT INTO ${log.table} (${log.key}, ${EVENT_COLUMNS.join(', ')})
   ${onlyIf ? 'SELECT ' : 'VALUES ('}${Array.from({ length: EVENT_PARAMS }, (_, i) => p(i + 1)).join(', ')}${onlyIf ? ` FROM ${onlyIf}` : ')'}`;

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
  keys: ChainKeys,
  log: EventLog = DOSSIER_LOG,
): { params: unknown[]; record: Record<string, unknown>; hash: string; payload: Record<string, unknown> } {
  const payloadJson = JSON.stringify(input.payload);
  const payload = JSON.parse(payloadJson) as Record<string, unknown>;
  const e = { ...input, payload };
  const hash = eventHash(prevHash, seq, e, keys);
  const params = [ownerId, seq, e.action, e.actorId, e.actorName, e.at, e.from, e.to, payloadJson, e.note, prevHash, hash, keys.current.id];
  const record: Record<string, unknown> = { [log.key]: ownerId };
  // The instant as text: a Date costs JSON.stringify a toISOString (see dossier-row's `ts`).
  EVENT_COLUMNS.forEach((c, i) => (record[c] = c === 'payload' ? payload : c === 'at' ? formatVn(e.at) : params[i + 1]));
  return { params, record, hash, payload };
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
  key_id: string | null;
}

export async function readEvents(em: Pick<EntityManager, 'query'>, dossierId: string, log: EventLog = DOSSIER_LOG): Promise<StoredEvent[]> {
  const rows: EventRow[] = await em.query(
    `SELECT seq, action, actor_id, actor_name, at, from_status, to_status, payload, note, prev_hash, hash, key_id
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
    keyId: r.key_id ?? null,
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

/** A record's events written before the chain was keyed, closed by a MAC under the audit key (`audit_seal`). */
export interface ChainSeal {
  events: number;
  lastHash: string;
  keyId: string;
  mac: string;
}

/** What a seal's MAC covers: the log, the record, how many unkeyed events it closes and the last one's hash. */
export const sealText = (log: EventLog, ownerId: string, events: number, lastHash: string): string => `${log.table}|${ownerId}|${events}|${lastHash}`;

/**
 * Re-derives every hash from the content; `expectedCount`/`expectedLast` come from the record's row. Keyed events are
 * checked with the key they name; events hashed before the chain was keyed are accepted only as the first ones, up to a
 * seal whose MAC verifies (so they cannot be rewritten either, nor keyed events passed off as them).
 */
export function verifyChain(
  events: StoredEvent[],
  expectedCount: number,
  expectedLast: string,
  keys: ChainKeys,
  owner: { log: EventLog; id: string; seal: ChainSeal | null },
): AuditResult {
  let prev = GENESIS_HASH;
  const fail = (seq: number, problem: string): AuditResult => ({ valid: false, events: events.length, brokenAt: seq, problem, lastHash: prev });
  const seal = owner.seal;
  if (seal) {
    const key = keys.key(seal.keyId);
    if (!key || keys.mac(key, sealText(owner.log, owner.id, seal.events, seal.lastHash)) !== seal.mac) return fail(1, 'niêm phong các sự kiện cũ không hợp lệ');
  }
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.seq !== i + 1) return fail(i + 1, `thiếu sự kiện số ${i + 1}`);
    if (e.prevHash !== prev) return fail(e.seq, 'liên kết tới sự kiện trước không khớp');
    if (e.keyId) {
      const key = keys.key(e.keyId);
      if (!key) return fail(e.seq, `sự kiện được ký bằng khóa ${e.keyId} mà máy chủ không có`);
      if (keys.mac(key, hashedText(prev, e.seq, e)) !== e.hash) return fail(e.seq, 'nội dung sự kiện đã bị thay đổi');
    } else {
      if (!seal || e.seq > seal.events) return fail(e.seq, 'sự kiện không có khóa kiểm toán và không thuộc phần đã niêm phong');
      if (legacyHash(prev, e.seq, e) !== e.hash) return fail(e.seq, 'nội dung sự kiện đã bị thay đổi');
      if (e.seq === seal.events && e.hash !== seal.lastHash) return fail(e.seq, 'sự kiện cũ không khớp với niêm phong');
    }
    prev = e.hash;
  }
  if (events.length !== expectedCount) return fail(events.length + 1, `hồ sơ ghi ${expectedCount} sự kiện nhưng nhật ký có ${events.length}`);
  if (prev !== expectedLast) return fail(events.length, 'mã băm cuối không khớp với hồ sơ');
  return { valid: true, events: events.length, brokenAt: null, problem: null, lastHash: prev };
}
