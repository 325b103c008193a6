import { conditionOf } from '../../workflow-engine/dossier-machine.js';
import type { DossierState } from './dossier-rules.js';

export interface Applicant {
  fullName: string;
  idNumber: string;
  phone?: string;
  email?: string;
  address?: string;
}

/** A dossier as stored: identity and applicant, the rules' state, and bookkeeping. */
export interface DossierRow {
  id: string;
  code: string;
  agencyCode: string;
  procedureCode: string;
  procedureVersion: number;
  ruleSetId: string;
  channel: 'direct' | 'online' | 'postal';
  applicant: Applicant;
  subject: string | null;
  documents: { name: string; form: string; count: number }[];
  state: DossierState;
  warnedAt: Date | null;
  rating: string | null;
  ratingComment: string | null;
  ratedAt: Date | null;
  imported: boolean;
  version: number;
  eventCount: number;
  lastHash: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Columns written on insert and update (all but id), in the order `rowParams` gives their values. */
export const DOSSIER_COLUMNS = [
  'code', 'agency_code', 'procedure_code', 'procedure_version', 'rule_set_id', 'channel', 'applicant', 'applicant_name',
  'applicant_id_number', 'subject', 'documents', 'state', 'status', 'condition', 'clock', 'step_id', 'step_owner_code',
  'step_due_at', 'received_at', 'due_at', 'original_due_at', 'overdue_at', 'warn_at', 'warned_at', 'apology_due_by',
  'apology_count', 'outcome', 'resolved_at', 'result_class', 'finished_at', 'returned_at', 'online_payment',
  'electronic_result', 'rating', 'rating_comment', 'rated_at', 'imported', 'version', 'event_count', 'last_hash',
  'created_at', 'updated_at', 'rollup_dirty',
] as const;

/**
 * Columns an action rewrites: what the rules' state implies, plus the log bookkeeping. The rest is left alone so
 * that an action cannot overwrite what others write without a version bump (the sweep's warned_at, a rating,
 * the rollup's basis).
 */
export const ACTION_COLUMNS = [
  'state', 'status', 'condition', 'clock', 'step_id', 'step_owner_code', 'step_due_at', 'received_at', 'due_at',
  'original_due_at', 'overdue_at', 'warn_at', 'apology_due_by', 'apology_count', 'outcome', 'resolved_at',
  'result_class', 'finished_at', 'returned_at', 'online_payment', 'electronic_result', 'version', 'event_count',
  'last_hash', 'updated_at',
] as const satisfies readonly (typeof DOSSIER_COLUMNS)[number][];

const ACTION_INDEXES = ACTION_COLUMNS.map((c) => DOSSIER_COLUMNS.indexOf(c));

/** The values of ACTION_COLUMNS, in that order. */
export const actionParams = (r: DossierRow): unknown[] => {
  const all = rowParams(r);
  return ACTION_INDEXES.map((i) => all[i]);
};

const ts = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

export function rowParams(r: DossierRow): unknown[] {
  const s = r.state;
  const step = s.steps[s.machine.context.stepIndex];
  const payments = s.waits.filter((w) => w.kind === 'payment' && w.resumedAt !== null);
  const open = s.finishedAt === null && s.resolvedAt === null;
  return [
    r.code, r.agencyCode, r.procedureCode, r.procedureVersion, r.ruleSetId, r.channel, JSON.stringify(r.applicant),
    r.applicant.fullName, r.applicant.idNumber, r.subject, JSON.stringify(r.documents), JSON.stringify(s), s.status,
    conditionOf(s.machine.context), s.clock, open ? step?.id ?? null : null, open ? step?.ownerCode ?? null : null,
    open ? ts(step?.dueAt ?? null) : null, ts(s.receivedAt), ts(s.dueAt), ts(s.originalDueAt), ts(s.overdueAt), ts(s.warnAt),
    r.warnedAt, ts(s.apologyDueBy), s.apologies.length, s.outcome, ts(s.resolvedAt), s.resultClass, ts(s.finishedAt),
    ts(s.returnedAt), payments.length ? payments.every((p) => p.online === true) : null, s.electronicResult, r.rating,
    r.ratingComment, r.ratedAt, r.imported, r.version, r.eventCount, r.lastHash, r.createdAt, r.updatedAt,
    // Every write leaves the daily rollups to catch up with this dossier.
    true,
  ];
}

/** The columns `fromDb` reads (the others are copies of `state` for queries), prefixed with `d.`. */
export const DOSSIER_READ = ['id', 'code', 'agency_code', 'procedure_code', 'procedure_version', 'rule_set_id', 'channel',
  'applicant', 'subject', 'documents', 'state', 'warned_at', 'rating', 'rating_comment', 'rated_at', 'imported', 'version',
  'event_count', 'last_hash', 'created_at', 'updated_at'].map((c) => `d.${c}`).join(', ');

type DbRow = Record<string, unknown>;
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export function fromDb(r: DbRow): DossierRow {
  return {
    id: r.id as string,
    code: r.code as string,
    agencyCode: r.agency_code as string,
    procedureCode: r.procedure_code as string,
    procedureVersion: Number(r.procedure_version),
    ruleSetId: r.rule_set_id as string,
    channel: r.channel as DossierRow['channel'],
    applicant: json<Applicant>(r.applicant),
    subject: (r.subject as string | null) ?? null,
    documents: json<DossierRow['documents']>(r.documents),
    state: json<DossierState>(r.state),
    warnedAt: date(r.warned_at),
    rating: (r.rating as string | null) ?? null,
    ratingComment: (r.rating_comment as string | null) ?? null,
    ratedAt: date(r.rated_at),
    imported: Boolean(r.imported),
    version: Number(r.version),
    eventCount: Number(r.event_count),
    lastHash: r.last_hash as string,
    createdAt: date(r.created_at)!,
    updatedAt: date(r.updated_at)!,
  };
}
