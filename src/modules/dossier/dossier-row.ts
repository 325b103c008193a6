import { randomBytes } from 'node:crypto';
import { viFold } from '../../common/vi-fold.js';
import { conditionOf } from '../../workflow-engine/dossier-machine.js';
import type { Change } from '../events/change-feed.js';
import { formatVn } from '../../common/vn-time.js';
import { departmentOf } from './dossier-department.js';
import type { DossierState } from './dossier-rules.js';
import { jsonColumn } from '../../database/json-column.js';

export interface Applicant {
  fullName: string;
  idNumber: string;
  phone?: string;
  email?: string;
  address?: string;
}

/** 96 random bits (api.md asks for at least 64), URL-safe: the `k` of the receipt's tracking link. */
export const newTrackingSecret = (): string => randomBytes(12).toString('base64url');

/** The receipt's link (api.md): a page for people, never JSON. Printed receipts live for years: this path never changes. */
export const trackingUrl = (publicBaseUrl: string, code: string, secret: string): string =>
  `${publicBaseUrl}/tra-cuu/${encodeURIComponent(code)}?k=${encodeURIComponent(secret)}`;

/** A dossier as stored: identity and applicant, the rules' state, and bookkeeping. */
export interface DossierRow {
  id: string;
  code: string;
  /** The commune whose agency decides (NĐ 118/2025: it may differ from the one that received the dossier). */
  agencyCode: string;
  /** The commune whose centre received the dossier and hands the result back. */
  receivingAgencyCode: string;
  procedureCode: string;
  procedureVersion: number;
  ruleSetId: string;
  channel: 'direct' | 'online' | 'postal';
  applicant: Applicant;
  subject: string | null;
  documents: { name: string; form: string; count: number; digitised?: boolean }[];
  state: DossierState;
  warnedAt: Date | null;
  rating: string | null;
  ratingComment: string | null;
  ratedAt: Date | null;
  imported: boolean;
  /** Printed on the receipt (its tracking link) and asked for by a rating, so that guessing a code is not enough. */
  trackingSecret: string;
  version: number;
  eventCount: number;
  lastHash: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Columns written on insert and update (all but id), in the order `rowParams` gives their values. */
// Column lists read best packed.
// prettier-ignore
export const DOSSIER_COLUMNS = [
  'code', 'agency_code', 'receiving_agency_code', 'procedure_code', 'procedure_version', 'rule_set_id', 'channel', 'applicant', 'applicant_name',
  'applicant_id_number', 'subject', 'documents', 'state', 'status', 'condition', 'clock', 'step_id', 'step_owner_code',
  'step_due_at', 'received_at', 'due_at', 'original_due_at', 'overdue_at', 'warn_at', 'warned_at', 'step_warn_at', 'apology_due_by',
  'apology_count', 'outcome', 'resolved_at', 'result_class', 'finished_at', 'returned_at', 'online_payment',
  'electronic_result', 'rating', 'rating_comment', 'rated_at', 'imported', 'version', 'event_count', 'last_hash',
  'created_at', 'updated_at', 'rollup_dirty', 'tracking_secret', 'applicant_name_folded', 'department_code', 'clock_history',
] as const;

/**
 * Columns an action rewrites: what the rules' state implies, plus the log bookkeeping. The rest is left alone so
 * that an action cannot overwrite what others write without a version bump (the sweep's warned_at, a rating,
 * the rollup's basis).
 */
// Column lists read best packed.
// prettier-ignore
export const ACTION_COLUMNS = [
  'state', 'status', 'condition', 'clock', 'step_id', 'step_owner_code', 'step_due_at', 'received_at', 'due_at',
  'original_due_at', 'overdue_at', 'warn_at', 'step_warn_at', 'apology_due_by', 'apology_count', 'outcome', 'resolved_at',
  'result_class', 'finished_at', 'returned_at', 'online_payment', 'electronic_result', 'version', 'event_count',
  'last_hash', 'updated_at', 'department_code', 'clock_history',
] as const satisfies readonly (typeof DOSSIER_COLUMNS)[number][];

/** The columns others change without a version bump; an action's write returns them as it leaves them. */
export const UNVERSIONED_COLUMNS = ['warned_at', 'rating', 'rating_comment', 'rated_at'] as const;

export type Unversioned = Pick<DossierRow, 'warnedAt' | 'rating' | 'ratingComment' | 'ratedAt'>;

/** JSON columns: objects in `rowRecord`, text in `rowParams`. */
const JSON_COLUMNS = new Set<string>(['applicant', 'documents', 'state', 'clock_history']);

/** The columns' values, in DOSSIER_COLUMNS order, as statement parameters. */
export const rowParams = (r: DossierRow): unknown[] => {
  const rec = rowRecord(r);
  return DOSSIER_COLUMNS.map((c) => (JSON_COLUMNS.has(c) ? JSON.stringify(rec[c]) : rec[c]));
};

export type ActionRecord = { id: string } & Record<string, unknown>;

/** The row's id and ACTION_COLUMNS as one object, for a write that reads it with `jsonb_populate_record`. */
export const actionRecord = (r: DossierRow): ActionRecord => ({ id: r.id, ...actionColumns(r) });

/**
 * Instants as ISO text with offset: JSON.stringify turns a Date into text through its toJSON (toISOString, about
 * 1 µs), which made the Dates of an action's record (writeParams) cost as much as the rest of its 3 kB.
 * PostgreSQL reads the text as the same instant.
 */
const ts = (ms: number | null): string | null => (ms === null ? null : formatVn(ms));
const tsOf = (d: Date | null): string | null => (d === null ? null : formatVn(d));

/** Every stored column's value by name: the row's own fields plus the copies of `state` that queries filter on. */
function rowRecord(r: DossierRow): Record<(typeof DOSSIER_COLUMNS)[number], unknown> {
  return {
    code: r.code,
    agency_code: r.agencyCode,
    receiving_agency_code: r.receivingAgencyCode,
    procedure_code: r.procedureCode,
    procedure_version: r.procedureVersion,
    rule_set_id: r.ruleSetId,
    channel: r.channel,
    applicant: r.applicant,
    applicant_name: r.applicant.fullName,
    applicant_id_number: r.applicant.idNumber,
    subject: r.subject,
    documents: r.documents,
    ...actionColumns(r),
    warned_at: tsOf(r.warnedAt),
    rating: r.rating,
    rating_comment: r.ratingComment,
    rated_at: tsOf(r.ratedAt),
    imported: r.imported,
    created_at: tsOf(r.createdAt),
    // Every write leaves the daily rollups to catch up with this dossier.
    rollup_dirty: true,
    tracking_secret: r.trackingSecret,
    applicant_name_folded: viFold(r.applicant.fullName),
  };
}

/** ACTION_COLUMNS' values: the rules' state, its copies that queries filter on, and the log's bookkeeping. */
function actionColumns(r: DossierRow): Record<(typeof ACTION_COLUMNS)[number], unknown> {
  const s = r.state;
  const step = s.steps[s.machine.context.stepIndex];
  // Every fee's channel counts: paid at reception, and each payment asked for and confirmed later.
  const payments = [...(s.receptionPayment ? [s.receptionPayment] : []), ...s.waits.filter((w) => w.kind === 'payment' && w.resumedAt !== null)];
  const open = s.finishedAt === null && s.resolvedAt === null;
  return {
    state: s,
    status: s.status,
    condition: conditionOf(s.machine.context),
    clock: s.clock,
    step_id: open ? (step?.id ?? null) : null,
    step_owner_code: open ? (step?.ownerCode ?? null) : null,
    step_due_at: open ? ts(step?.dueAt ?? null) : null,
    received_at: ts(s.receivedAt),
    due_at: ts(s.dueAt),
    original_due_at: ts(s.originalDueAt),
    overdue_at: ts(s.overdueAt),
    warn_at: ts(s.warnAt),
    step_warn_at: ts(s.stepWarnAt ?? null),
    apology_due_by: ts(s.apologyDueBy),
    apology_count: s.apologies.length,
    outcome: s.outcome,
    resolved_at: ts(s.resolvedAt),
    result_class: s.resultClass,
    finished_at: ts(s.finishedAt),
    returned_at: ts(s.returnedAt),
    online_payment: payments.length ? payments.every((p) => p.online === true) : null,
    electronic_result: s.electronicResult,
    version: r.version,
    event_count: r.eventCount,
    last_hash: r.lastHash,
    updated_at: tsOf(r.updatedAt),
    department_code: departmentOf(s, r.updatedAt.getTime()),
    clock_history: clockHistory(s),
  };
}

/**
 * What a past period's report needs of the clock's history (issue 24: past periods do not change): each move of the
 * reporting due as [at, due before], each wait as [from, until]. Null for the many dossiers that have neither.
 */
function clockHistory(s: DossierState): { due: [number, number][]; waits: [number, number | null][] } | null {
  const due = (s.dueChanges ?? []).map((c): [number, number] => [c.at, c.before]);
  return due.length || s.waits.length ? { due, waits: s.waits.map((w): [number, number | null] => [w.requestedAt, w.resumedAt]) } : null;
}

/** The columns `fromDb` reads (the others are copies of `state` for queries), prefixed with `d.`. */
export const DOSSIER_READ = [
  'id',
  'code',
  'agency_code',
  'receiving_agency_code',
  'procedure_code',
  'procedure_version',
  'rule_set_id',
  'channel',
  'applicant',
  'subject',
  'documents',
  'state',
  'warned_at',
  'rating',
  'rating_comment',
  'rated_at',
  'imported',
  'tracking_secret',
  'version',
  'event_count',
  'last_hash',
  'created_at',
  'updated_at',
]
  .map((c) => `d.${c}`)
  .join(', ');

type DbRow = Record<string, unknown>;
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

/** The UNVERSIONED_COLUMNS of a returned row, as DossierRow fields. */
export const unversionedOf = (r: DbRow): Unversioned => ({
  warnedAt: date(r.warned_at),
  rating: (r.rating as string | null) ?? null,
  ratingComment: (r.rating_comment as string | null) ?? null,
  ratedAt: date(r.rated_at),
});

export function fromDb(r: DbRow): DossierRow {
  return {
    id: r.id as string,
    code: r.code as string,
    agencyCode: r.agency_code as string,
    receivingAgencyCode: (r.receiving_agency_code as string | undefined) ?? (r.agency_code as string),
    procedureCode: r.procedure_code as string,
    procedureVersion: Number(r.procedure_version),
    ruleSetId: r.rule_set_id as string,
    channel: r.channel as DossierRow['channel'],
    applicant: jsonColumn<Applicant>(r.applicant),
    subject: (r.subject as string | null) ?? null,
    documents: jsonColumn<DossierRow['documents']>(r.documents),
    state: jsonColumn<DossierState>(r.state),
    ...unversionedOf(r),
    imported: Boolean(r.imported),
    trackingSecret: r.tracking_secret as string,
    version: Number(r.version),
    eventCount: Number(r.event_count),
    lastHash: r.last_hash as string,
    createdAt: date(r.created_at)!,
    updatedAt: date(r.updated_at)!,
  };
}

/** The communes whose staff see a dossier: the one deciding it and the one whose centre received it. */
export const dossierAgencies = (r: Pick<DossierRow, 'agencyCode' | 'receivingAgencyCode'>): string[] => [r.agencyCode, r.receivingAgencyCode];

/** What the live pages hear of a committed dossier (`GET /api/v1/events`). */
export function dossierChange(r: DossierRow): Change {
  const c = actionColumns(r);
  return {
    kind: 'dossier',
    id: r.id,
    code: r.code,
    status: r.state.status,
    version: r.version,
    condition: c.condition as string,
    agencyCode: r.agencyCode,
    // Only for a dossier received in another commune, whose staff hear of it too.
    ...(r.receivingAgencyCode !== r.agencyCode ? { receivingAgencyCode: r.receivingAgencyCode } : {}),
    stepOwnerCode: c.step_owner_code as string | null,
  };
}
