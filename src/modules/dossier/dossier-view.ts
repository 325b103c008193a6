import { formsOf } from './dossier-forms.js';
import { conditionOf } from '../../workflow-engine/dossier-machine.js';
import type { AgencyDirectory } from '../agency/agency-directory.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { formatVn } from '../../common/vn-time.js';
import type { TimelineEvent } from '../../common/event-chain.js';
import type { AuthUser } from '../auth/auth-user.js';
import { actionsForUser } from './dossier-access.js';
import { allowedActionsOf, type RulesEnv, STATUS_TEXT } from './dossier-rules.js';
import { type DossierRow, trackingUrl } from './dossier-row.js';

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : formatVn(ms));

export const CONDITION_TEXT = {
  on_time: 'Trong hạn',
  apologized: 'Đã xin lỗi, hẹn lại',
  overdue: 'Quá hạn',
  overdue_apologized: 'Quá hạn, đã xin lỗi',
} as const;

/** The timeline's events as an officer names them. */
export const EVENT_TEXT: Record<string, string> = {
  receive: 'Tiếp nhận hồ sơ',
  complete_step: 'Hoàn thành bước, chuyển tiếp',
  request_supplement: 'Yêu cầu bổ sung hồ sơ',
  receive_supplement: 'Nhận hồ sơ bổ sung',
  request_payment: 'Yêu cầu nộp phí, lệ phí',
  confirm_payment: 'Xác nhận đã nộp phí, lệ phí',
  approve: 'Phê duyệt kết quả',
  return_result: 'Trả kết quả',
  issue_apology: 'Xin lỗi, hẹn lại (mẫu 04)',
  extend_deadline: 'Gia hạn theo quy định',
  withdraw: 'Rút hồ sơ',
  stop: 'Dừng giải quyết',
  deadline_passed: 'Quá hạn giải quyết',
  rate: 'Người nộp đánh giá sự hài lòng',
};

/** Who looks at the dossier, and when: what this user may do now, the receipt's link, the working time left. */
export interface Viewer {
  actor: AuthUser;
  publicBaseUrl: string;
  now: number;
}

/**
 * Working time as an officer says it, from a length in working milliseconds: "còn 1 ngày 3 giờ", "quá hạn 2 giờ 30
 * phút". Days are working days of `dayMs` (8 hours), so the figure matches the deadline's own unit.
 */
/** One event of an audit log as a page shows it (dossiers and feedback alike). */
export const timelineEntry = (e: TimelineEvent) => ({
  seq: e.seq,
  action: e.action,
  actor: e.actorName,
  at: formatVn(e.at),
  from: e.from,
  to: e.to,
  note: e.note,
  payload: e.payload,
});

/** Working time left until `due` (negative: late), as pages show it; null where the calendar has no file for the year. */
export function workingTimeLeft(cal: WorkingCalendar, now: number, due: number): { ms: number; text: string } | null {
  try {
    const ms = cal.remaining(now, due);
    return { ms, text: workingTimeText(ms, cal.workingDayMs) };
  } catch {
    return null; // a due date in a year the calendar has no file for: no figure rather than a wrong one
  }
}

/** What a paused dossier shows instead of its time left. */
export const PAUSED_LEFT = { ms: 0, text: 'tạm dừng, chờ công dân' };

export function workingTimeText(ms: number, dayMs: number): string {
  const late = ms < 0;
  let minutes = Math.floor(Math.abs(ms) / 60_000);
  const dayMin = Math.round(dayMs / 60_000);
  const days = Math.floor(minutes / dayMin);
  minutes -= days * dayMin;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  const parts = [days ? `${days} ngày` : '', hours ? `${hours} giờ` : '', minutes && !days ? `${minutes} phút` : ''].filter(Boolean);
  if (parts.length === 0) return late ? 'vừa quá hạn' : 'đến hạn';
  return `${late ? 'quá hạn' : 'còn'} ${parts.join(' ')}`;
}

/** The step the file is at, named even after the decision (the result goes back to the centre, then to the citizen). */
function currentStepOf(row: DossierRow, agencies: AgencyDirectory) {
  const s = row.state;
  if (s.finishedAt !== null) return null;
  const st = s.steps[s.machine.context.stepIndex];
  if (st && st.finishedAt === null) {
    return { id: st.id, name: st.name, ownerCode: st.ownerCode, ownerName: agencies.get(st.ownerCode)?.name ?? null, dueAt: iso(st.dueAt) };
  }
  const centre = agencies.departmentOfKind(row.receivingAgencyCode, 'centre');
  const waiting = s.status === 'awaiting_payment' ? 'Chờ người nộp thực hiện nghĩa vụ tài chính' : 'Trả kết quả cho người nộp';
  return { id: 'tra_ket_qua_cong_dan', name: waiting, ownerCode: centre?.code ?? row.agencyCode, ownerName: centre?.name ?? null, dueAt: null };
}

/** The staff view of a dossier (api.md: status, version, dueAt, originalDueAt, steps, apologies, timeline). */
export function dossierView(row: DossierRow, env: RulesEnv, agencies: AgencyDirectory, procedureName: string, events?: TimelineEvent[], viewer?: Viewer) {
  const s = row.state;
  const currentStep = currentStepOf(row, agencies);
  const allowed = allowedActionsOf(env, s);
  const left = viewer && s.finishedAt === null && s.resolvedAt === null ? workingTimeLeft(env.cal, viewer.now, s.dueAt) : null;
  return {
    id: row.id,
    code: row.code,
    agencyCode: row.agencyCode,
    receivingAgencyCode: row.receivingAgencyCode,
    forms: formsOf(row, env.ruleSet),
    procedure: { code: row.procedureCode, name: procedureName, version: row.procedureVersion },
    ruleSetId: row.ruleSetId,
    channel: row.channel,
    applicant: row.applicant,
    subject: row.subject,
    documents: row.documents,
    digitisation: s.digitisation ?? null,
    status: s.status,
    statusText: STATUS_TEXT[s.status],
    condition: conditionOf(s.machine.context),
    conditionText: CONDITION_TEXT[conditionOf(s.machine.context)],
    clock: s.clock,
    currentStep,
    allowedActions: allowed,
    /** The actions this user may take now (role, step owner): what a page offers as buttons. */
    userActions: viewer ? actionsForUser(viewer.actor, agencies, allowed, currentStep?.ownerCode ?? null) : undefined,
    /** The receipt's link with its secret: staff who may see the dossier may print it again. */
    trackingUrl: viewer ? trackingUrl(viewer.publicBaseUrl, row.code, row.trackingSecret) : undefined,
    workingTimeLeft: left,
    /** The server's "now" the view was made at: pages count from it, not from the browser's clock. */
    viewedAt: viewer ? formatVn(viewer.now) : undefined,
    version: row.version,
    receivedAt: iso(s.receivedAt),
    startAt: iso(s.startAt),
    dueAt: iso(s.dueAt),
    originalDueAt: iso(s.originalDueAt),
    warnAt: iso(s.warnAt),
    stepWarnAt: iso(s.stepWarnAt ?? null),
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
    extensions: (s.extensions ?? []).map((e) => ({ ...e, at: iso(e.at), previousDueAt: iso(e.previousDueAt), newDueAt: iso(e.newDueAt) })),
    waits: s.waits.map((w) => ({ ...w, requestedAt: iso(w.requestedAt), resumedAt: iso(w.resumedAt) })),
    receptionPayment: s.receptionPayment ?? null,
    rating: row.rating ? { level: row.rating, comment: row.ratingComment, at: row.ratedAt ? formatVn(row.ratedAt) : null } : null,
    imported: row.imported,
    timeline: events?.map((e) => ({
      ...timelineEntry(e),
      actionText: e.action === 'approve' && e.payload?.outcome === 'denied' ? 'Từ chối giải quyết' : (EVENT_TEXT[e.action] ?? e.action),
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
