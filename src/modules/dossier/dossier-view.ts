import { conditionOf } from '../../workflow-engine/dossier-machine.js';
import type { AgencyDirectory } from '../agency/agency-directory.js';
import { formatVn } from '../calendar/vn-time.js';
import type { TimelineEvent } from '../../common/event-chain.js';
import { allowedActionsOf, type RulesEnv, STATUS_TEXT } from './dossier-rules.js';
import type { DossierRow } from './dossier-row.js';

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : formatVn(ms));

export const CONDITION_TEXT = {
  on_time: 'Trong hạn',
  apologized: 'Đã xin lỗi, hẹn lại',
  overdue: 'Quá hạn',
  overdue_apologized: 'Quá hạn, đã xin lỗi',
} as const;

/** The staff view of a dossier (api.md: status, version, dueAt, originalDueAt, steps, apologies, timeline). */
export function dossierView(row: DossierRow, env: RulesEnv, agencies: AgencyDirectory, procedureName: string, events?: TimelineEvent[]) {
  const s = row.state;
  const i = s.machine.context.stepIndex;
  const open = s.finishedAt === null && s.resolvedAt === null;
  return {
    id: row.id,
    code: row.code,
    agencyCode: row.agencyCode,
    procedure: { code: row.procedureCode, name: procedureName, version: row.procedureVersion },
    ruleSetId: row.ruleSetId,
    channel: row.channel,
    applicant: row.applicant,
    subject: row.subject,
    documents: row.documents,
    status: s.status,
    statusText: STATUS_TEXT[s.status],
    condition: conditionOf(s.machine.context),
    conditionText: CONDITION_TEXT[conditionOf(s.machine.context)],
    clock: s.clock,
    currentStep: open ? { id: s.steps[i].id, name: s.steps[i].name, ownerCode: s.steps[i].ownerCode, dueAt: iso(s.steps[i].dueAt) } : null,
    allowedActions: allowedActionsOf(env, s),
    version: row.version,
    receivedAt: iso(s.receivedAt),
    startAt: iso(s.startAt),
    dueAt: iso(s.dueAt),
    originalDueAt: iso(s.originalDueAt),
    warnAt: iso(s.warnAt),
    apologyDueBy: iso(s.apologyDueBy),
    outcome: s.outcome,
    reason: s.reason,
    electronicResult: s.electronicResult,
    resolvedAt: iso(s.resolvedAt),
    resultClass: s.resultClass,
    returnedAt: iso(s.returnedAt),
    finishedAt: iso(s.finishedAt),
    steps: s.steps.map((st) => ({
      id: st.id,
      name: st.name,
      owner: { kind: st.ownerKind, agencyCode: st.ownerCode, name: agencies.get(st.ownerCode)?.name ?? null },
      budget: st.budget,
      startedAt: iso(st.startedAt),
      dueAt: iso(st.dueAt),
      finishedAt: iso(st.finishedAt),
      result: st.result,
    })),
    apologies: s.apologies.map((a) => ({
      at: iso(a.at),
      reason: a.reason,
      previousDueAt: iso(a.previousDueAt),
      newDueAt: iso(a.newDueAt),
      dueBy: iso(a.dueBy),
      onTime: a.onTime,
      stepId: a.stepId,
      unitCode: a.unitCode,
      by: a.by,
    })),
    waits: s.waits.map((w) => ({ ...w, requestedAt: iso(w.requestedAt), resumedAt: iso(w.resumedAt) })),
    rating: row.rating ? { level: row.rating, comment: row.ratingComment, at: row.ratedAt ? formatVn(row.ratedAt) : null } : null,
    imported: row.imported,
    timeline: events?.map((e) => ({
      seq: e.seq,
      action: e.action,
      actor: e.actorName,
      at: formatVn(e.at),
      from: e.from,
      to: e.to,
      note: e.note,
      payload: e.payload,
    })),
  };
}

export type DossierView = ReturnType<typeof dossierView>;

/**
 * "Nguyễn Văn An" → "Nguyễn V** A*": enough for the citizen to recognise, not to identify a stranger. A one-word
 * name has no family name apart from the rest, so it is masked whole ("An" → "A*").
 */
export function maskName(name: string): string {
  const parts = name.trim().split(/\s+/);
  return parts.map((p, k) => (k === 0 && parts.length > 1 ? p : maskWord(p))).join(' ');
}

/** By code point, so that a letter outside the BMP is kept whole rather than cut in half. */
function maskWord(word: string): string {
  const chars = Array.from(word);
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
