import { AppError, validationFailed } from '../../common/app-error.js';
import {
  allowedActions,
  type ClockState,
  allowedActionsAt,
  type DossierAction,
  type DossierEvent,
  type DossierMachine,
  type DossierStatus,
  type Outcome,
  persist,
  type PersistedMachineState,
  restoreDossier,
  startDossier,
  statusOf,
  stepStored,
} from '../../workflow-engine/dossier-machine.js';
import type { ProcedureDefinition } from '../../workflow-engine/procedure-definition.js';
import type { RuleSet } from '../../workflow-engine/rule-set.js';
import type { DepartmentKind } from '../agency/agency.schema.js';
import { DAY_MS, vnDayIndex, vnDayStart } from '../../common/vn-time.js';
import { classifyFinish, type FinishClass, type WorkingCalendar } from '../calendar/working-calendar.js';
import { statutoryDue, stepDue } from './dossier-deadlines.js';
import type { ActionStep } from './actions/action.js';
import { ACTIONS } from './actions/index.js';

/**
 * The dossier's rules as pure functions (no database, no Nest): the machine says which move is allowed,
 * this module computes what the move does to deadlines, steps and apologies (domain.md §5–§6).
 * The live API and the history import both go through `applyAction`, so an imported dossier gets exactly
 * the deadlines a live one would.
 */

export interface StepRecord {
  id: string;
  name: string;
  ownerKind: DepartmentKind;
  ownerCode: string;
  budget: number;
  startedAt: number | null;
  dueAt: number | null;
  finishedAt: number | null;
  /** Per-step result for form 06 (early / on time / late against the step's due instant). */
  result: FinishClass | null;
}

export interface ApologyRecord {
  at: number;
  reason: string;
  previousDueAt: number;
  newDueAt: number;
  /** Latest time the apology should have been issued (rule set: lead time before the due date). */
  dueBy: number;
  onTime: boolean;
  stepId: string;
  unitCode: string;
  by: string;
}

/** A statutory extension taken (the procedure's `extensions`): not lateness, so it moves the reporting due instant. */
export interface ExtensionRecord {
  id: string;
  case: string;
  at: number;
  reason: string;
  previousDueAt: number;
  newDueAt: number;
  by: string;
}

export interface WaitRecord {
  kind: 'supplement' | 'payment';
  requestedAt: number;
  resumedAt: number | null;
  items?: string[];
  amount?: number;
  online?: boolean;
  /** Working time the clock was paused (0 for a RESTART supplement). */
  pausedMs: number;
}

export interface DossierState {
  machine: PersistedMachineState;
  status: DossierStatus;
  receivedAt: number;
  startAt: number;
  /** The citizen's appointment: moved by an apology, a pause or a restart. */
  dueAt: number;
  /** The due instant reports judge by: moved by pauses, restarts and statutory extensions, never by an apology. */
  originalDueAt: number;
  /** The machine's clock (`machine.context.clock`), kept beside the status for the list columns. */
  clock: ClockState;
  pausedAt: number | null;
  steps: StepRecord[];
  apologies: ApologyRecord[];
  /** Absent in states stored before extensions existed. */
  extensions?: ExtensionRecord[];
  waits: WaitRecord[];
  /**
   * Digitisation (domain.md §7): every component received was digitised, data was reused instead of new papers (at
   * reception), the result was digitised (at the decision). Absent in states stored before it was recorded.
   */
  digitisation?: { components: boolean; dataReused: boolean; result: boolean | null };
  /** A fee paid when the dossier was received, and its channel (absent in states stored before it was recorded). */
  receptionPayment?: { amount: number; online: boolean } | null;
  outcome: Outcome | null;
  /** Written reason of a denial, withdrawal or stop. */
  reason: string | null;
  electronicResult: boolean | null;
  resolvedAt: number | null;
  resultClass: FinishClass | null;
  returnedAt: number | null;
  finishedAt: number | null;
  /** When the sweep must mark the dossier overdue (by date: the day after the due date; by instant: the due). */
  overdueAt: number | null;
  /** When the early warning is due (budget share used, or little working time left). */
  warnAt: number | null;
  /** When the current step's owner is warned before the step's own limit (absent in states stored before it). */
  stepWarnAt?: number | null;
  /** Latest instant to issue an apology (form 04) without being late with it. */
  apologyDueBy: number | null;
  /**
   * Each later move of `originalDueAt` (a wait's end, an extension): when, and the due before it, so that a past
   * period's report reads the due as it was at the period's end (absent in states stored before it was recorded).
   */
  dueChanges?: { at: number; before: number }[];
}

export interface RulesEnv {
  def: ProcedureDefinition;
  ruleSet: RuleSet;
  cal: WorkingCalendar;
  machine: DossierMachine;
  /** The department of the dossier's commune owning steps of that kind. */
  ownerCode(kind: DepartmentKind): string;
}

export type ActionCommand =
  | { action: 'complete_step' }
  | { action: 'request_supplement'; items: string[] }
  | { action: 'receive_supplement' }
  | { action: 'request_payment'; amount: number }
  | { action: 'confirm_payment'; online: boolean }
  | { action: 'approve'; outcome: Outcome; electronic?: boolean; digitisedResult?: boolean; reason?: string }
  | { action: 'return_result' }
  | { action: 'issue_apology'; reason: string; newDueAt: number }
  | { action: 'extend_deadline'; extension: string; reason: string }
  | { action: 'withdraw'; reason: string }
  | { action: 'stop'; reason: string }
  | { action: 'deadline_passed' };

/** Recomputes the sweep's trigger instants after any change of the due instants. */
function withTriggers(env: RulesEnv, s: DossierState): DossierState {
  if (s.clock !== 'running') {
    return { ...s, overdueAt: null, warnAt: null, stepWarnAt: null, apologyDueBy: s.clock === 'paused' ? s.apologyDueBy : null };
  }
  const { cal, ruleSet } = env;
  const overdueAt = ruleSet.classifyBy.value === 'date' ? vnDayStart(vnDayIndex(s.originalDueAt) + 1) : s.originalDueAt + 1;
  const { budgetUsedPercent, remainingWorkingDays } = ruleSet.warnings.value;
  const warnAt = cal.earlyWarning(s.startAt, s.dueAt, budgetUsedPercent, remainingWorkingDays);
  // The step's owner is warned before its own limit, by the same rule, when the step ends before the dossier does
  // (otherwise the dossier's warning, sent to the same owner, says it). Counted from the step's start or from the
  // latest resumption after a wait, whichever is later: a pause moved the step's limit, not its start.
  const step = s.steps[s.machine.context.stepIndex];
  let stepWarnAt: number | null = null;
  if (step && step.startedAt !== null && step.dueAt !== null && step.finishedAt === null && step.dueAt < s.dueAt) {
    const resumed = s.waits.reduce((m, w) => (w.resumedAt !== null && w.resumedAt > m ? w.resumedAt : m), step.startedAt);
    stepWarnAt = cal.earlyWarning(Math.min(cal.normalize(resumed), step.dueAt), step.dueAt, budgetUsedPercent, remainingWorkingDays);
  }
  return { ...s, overdueAt, warnAt, stepWarnAt, apologyDueBy: apologyDueByOf(env, s.startAt, s.originalDueAt) };
}

/**
 * The latest instant for form 04 without being late with it: the rule set's lead time before the (original) due
 * instant; when the whole budget is not longer than the lead time (same-day procedures), when the rule set's share
 * of the budget is still left, so that an apology issued before the dossier is late counts as on time.
 */
export function apologyDueByOf(env: RulesEnv, startAt: number, dueAt: number): number {
  const { cal, ruleSet } = env;
  const lead = ruleSet.apology.leadTime.value;
  const shortShare = ruleSet.apology.shortBudgetLeadPercent.value / 100;
  if (lead.unit === 'working_days') {
    const [from, to] = [cal.ordinal(startAt), cal.ordinal(dueAt)];
    const leadMs = Math.round(lead.amount * cal.workingDayMs);
    return cal.fromOrdinal(to - from > leadMs ? to - leadMs : to - Math.round((to - from) * shortShare));
  }
  const leadMs = lead.amount * DAY_MS;
  return dueAt - startAt > leadMs ? dueAt - leadMs : dueAt - Math.round((dueAt - startAt) * shortShare);
}

/** Whether the sweep would mark the dossier overdue at `at` and has not yet (its clock runs past `overdueAt`). */
export const overdueUnmarked = (s: DossierState, at: number): boolean =>
  s.clock === 'running' && s.overdueAt !== null && s.overdueAt <= at && !s.machine.context.overdue;

/** Overdue at `at` as the sweep judges it, whether or not the sweep has come by yet. */
export const isOverdueAt = (s: DossierState, at: number): boolean => s.machine.context.overdue || overdueUnmarked(s, at);

/** What reception records beyond the instant: a fee paid, and what was digitised or reused. */
export interface ReceptionFacts {
  payment?: { amount?: number; online: boolean } | null;
  documents?: { digitised?: boolean }[];
  dataReused?: boolean;
}

/** A newly accepted dossier: the clock starts, reception is the first step (domain.md §5). */
export function openDossier(env: RulesEnv, receivedAt: number, facts: ReceptionFacts = {}): DossierState {
  const payment = facts.payment ?? null;
  const documents = facts.documents ?? [];
  if (payment && !(env.def.fee.amount > 0 || payment.amount)) {
    throw validationFailed([{ field: 'payment', message: 'thủ tục không thu phí, lệ phí: không ghi nhận khoản nộp khi tiếp nhận' }]);
  }
  const snapshot = startDossier(env.machine, { maxApologies: env.ruleSet.apology.maxCount.value });
  const { startAt, dueAt } = statutoryDue(env, receivedAt);
  const steps: StepRecord[] = env.def.steps.map((st, i) => ({
    id: st.id,
    name: st.name,
    ownerKind: st.owner,
    ownerCode: env.ownerCode(st.owner),
    budget: st.budget,
    // The file is in the centre's hands from the moment it is received, even when counting starts the next working
    // morning: otherwise a step taken after hours would show as finished before it started.
    startedAt: i === 0 ? receivedAt : null,
    dueAt: i === 0 ? stepDue(env, startAt, st.budget) : null,
    finishedAt: null,
    result: null,
  }));
  return withTriggers(env, {
    machine: persist(snapshot),
    status: statusOf(snapshot),
    receivedAt,
    startAt,
    dueAt,
    originalDueAt: dueAt,
    clock: snapshot.context.clock,
    pausedAt: null,
    steps,
    apologies: [],
    waits: [],
    receptionPayment: payment ? { amount: payment.amount ?? env.def.fee.amount, online: payment.online } : null,
    digitisation: { components: documents.length > 0 && documents.every((d) => d.digitised === true), dataReused: facts.dataReused === true, result: null },
    outcome: null,
    reason: null,
    electronicResult: null,
    resolvedAt: null,
    resultClass: null,
    returnedAt: null,
    finishedAt: null,
    overdueAt: null,
    warnAt: null,
    stepWarnAt: null,
    apologyDueBy: null,
  });
}

export const actionNotAllowed = (action: string, status: DossierStatus, allowed: DossierAction[]): AppError =>
  new AppError(409, 'ACTION_NOT_ALLOWED', `Không thể thực hiện "${action}" khi hồ sơ đang ở trạng thái "${STATUS_TEXT[status]}".`, {
    status,
    allowedActions: allowed,
  });

export const STATUS_TEXT: Record<DossierStatus, string> = {
  received: 'Đã tiếp nhận',
  processing: 'Đang giải quyết',
  awaiting_supplement: 'Chờ bổ sung hồ sơ',
  awaiting_payment: 'Chờ thực hiện nghĩa vụ tài chính',
  result_ready: 'Đã có kết quả, chờ trả',
  returned: 'Đã trả kết quả',
  denied: 'Từ chối giải quyết',
  withdrawn: 'Đã rút hồ sơ',
  stopped: 'Dừng giải quyết',
};

export function allowedActionsOf(env: RulesEnv, s: DossierState): DossierAction[] {
  return allowedActionsAt(env.machine, s.machine);
}

function toEvent(cmd: ActionCommand): DossierEvent {
  return cmd.action === 'approve' ? { type: 'approve', outcome: cmd.outcome } : ({ type: cmd.action } as DossierEvent);
}

/**
 * A copy of `prev` deep enough for applyAction to change freely: it changes steps and waits in place and appends
 * to waits and apologies; the rest of the state is replaced, never mutated. (A structuredClone of the whole
 * state was about 4% of the server's time in the action benchmark.)
 */
const copyForChange = (prev: DossierState): DossierState => ({
  ...prev,
  steps: prev.steps.map((st) => ({ ...st })),
  waits: prev.waits.map((w) => ({ ...w })),
  apologies: [...prev.apologies],
});

/**
 * Applies one action at instant `at`: asks the machine, then moves the clock, steps and apologies.
 * Throws 409 ACTION_NOT_ALLOWED (with the allowed actions) or 400 for a payload the rules refuse.
 */
export function applyAction(env: RulesEnv, prev: DossierState, cmd: ActionCommand, at: number, actor: string): DossierState {
  const next = stepStored(env.machine, prev.machine, toEvent(cmd));
  if (!next) {
    const snapshot = restoreDossier(env.machine, prev.machine);
    if (cmd.action === 'issue_apology' && snapshot.context.apologyCount >= snapshot.context.maxApologies && allowedActions(snapshot).length > 0) {
      throw new AppError(
        409,
        'APOLOGY_LIMIT_REACHED',
        `Hồ sơ đã có ${snapshot.context.apologyCount} văn bản xin lỗi; bộ quy tắc chỉ cho phép ${snapshot.context.maxApologies}.`,
        {
          status: prev.status,
          allowedActions: allowedActions(snapshot),
        },
      );
    }
    throw actionNotAllowed(cmd.action, prev.status, allowedActions(snapshot));
  }
  if (at < prev.receivedAt) throw validationFailed([{ field: 'at', message: 'thời điểm thao tác trước thời điểm tiếp nhận' }]);
  // Status and clock are the machine's: the action's file moves the instants they imply.
  let s: DossierState = { ...copyForChange(prev), machine: next, status: statusOf(next), clock: next.context.clock };
  const i = prev.machine.context.stepIndex;
  const classifyBy = env.ruleSet.classifyBy.value;

  const finishStep = (): void => {
    const st = s.steps[i];
    st.finishedAt = at;
    st.result = st.dueAt === null ? null : classifyFinish(at, st.dueAt, classifyBy);
    const j = i + 1;
    if (j < s.steps.length) {
      s.steps[j].startedAt = at;
      s.steps[j].dueAt = stepDue(env, env.cal.normalize(at), s.steps[j].budget);
    }
  };

  // What the move does beyond the machine: the action's own file (actions/), looked up in the complete table.
  (ACTIONS[cmd.action].apply as (x: ActionStep, c: ActionCommand) => void)({ env, prev, s, i, at, actor, finishStep }, cmd);
  // Past periods do not change (issue 24): the due the reports judge by is kept as it was before each move.
  if (s.originalDueAt !== prev.originalDueAt) s.dueChanges = [...(prev.dueChanges ?? []), { at, before: prev.originalDueAt }];
  s = withTriggers(env, s);
  return s;
}
