import { assign, initialTransition, setup, type SnapshotFrom, transition, type TransitionConfig } from 'xstate';
import { decidingStepIndex, type ProcedureDefinition } from './procedure-definition.js';

/** Actions staff take on a dossier (api.md), in the order the API documents them. */
export const DOSSIER_ACTIONS = [
  'complete_step',
  'request_supplement',
  'receive_supplement',
  'request_payment',
  'confirm_payment',
  'approve',
  'return_result',
  'issue_apology',
  'extend_deadline',
  'withdraw',
  'stop',
] as const;
export type DossierAction = (typeof DOSSIER_ACTIONS)[number];

/** Top-level lifecycle states; `processing` has one sub-state per internal step after reception. */
export const DOSSIER_STATUSES = [
  'received',
  'processing',
  'awaiting_supplement',
  'awaiting_payment',
  'result_ready',
  'returned',
  'denied',
  'withdrawn',
  'stopped',
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

export type Outcome = 'issued' | 'denied';

export type DossierEvent =
  | { type: 'complete_step' }
  | { type: 'request_supplement' }
  | { type: 'receive_supplement' }
  | { type: 'request_payment' }
  | { type: 'confirm_payment' }
  | { type: 'approve'; outcome: Outcome }
  | { type: 'return_result' }
  | { type: 'issue_apology' }
  | { type: 'extend_deadline' }
  | { type: 'withdraw' }
  | { type: 'stop' }
  /** Sent by the deadline sweep, never by users. */
  | { type: 'deadline_passed' };

/** The statutory clock (domain.md §5): it runs while the state holds the file, pauses while it waits for the citizen. */
export type ClockState = 'running' | 'paused' | 'stopped';

export interface DossierContext {
  /** Index into the procedure's steps of the step the dossier is at (or returns to after waiting). */
  stepIndex: number;
  clock: ClockState;
  apologyCount: number;
  /** Statutory extensions taken (absent in snapshots stored before extensions existed). */
  extensionCount?: number;
  /** From the dossier's rule set (apology.maxCount). */
  maxApologies: number;
  /** The reporting due instant has passed while the clock ran (domain.md §5). */
  overdue: boolean;
  outcome: Outcome | null;
  /** For denials: the written refusal has been handed to the applicant. */
  resultReturned: boolean;
}

export interface DossierMachineInput {
  maxApologies: number;
}

/** Overdue / apology condition, the second axis of a dossier's status. */
export type DeadlineCondition = 'on_time' | 'apologized' | 'overdue' | 'overdue_apologized';

export const conditionOf = (c: DossierContext): DeadlineCondition =>
  c.overdue ? (c.apologyCount > 0 ? 'overdue_apologized' : 'overdue') : c.apologyCount > 0 ? 'apologized' : 'on_time';

const ID = 'dossier';

function machineSetup(maxExtensions = 0) {
  return setup({
    types: {} as { context: DossierContext; events: DossierEvent; input: DossierMachineInput },
    guards: {
      atStep: ({ context }, params: { index: number }) => context.stepIndex === params.index,
      apologyAllowed: ({ context }) => context.apologyCount < context.maxApologies,
      // Each of the procedure's extensions at most once, and only before the dossier is late (then it owes an apology).
      extensionAllowed: ({ context }) => !context.overdue && (context.extensionCount ?? 0) < maxExtensions,
      notOverdue: ({ context }) => !context.overdue,
      undecided: ({ context }) => context.outcome === null,
      issued: ({ event }) => event.type === 'approve' && event.outcome === 'issued',
      denied: ({ event }) => event.type === 'approve' && event.outcome === 'denied',
      notReturned: ({ context }) => !context.resultReturned,
    },
    actions: {
      enterStep: assign((_, params: { index: number }) => ({ stepIndex: params.index })),
      countApology: assign(({ context }) => ({ apologyCount: context.apologyCount + 1 })),
      countExtension: assign(({ context }) => ({ extensionCount: (context.extensionCount ?? 0) + 1 })),
      markOverdue: assign({ overdue: true }),
      // RESTART gives the full statutory time again, so the dossier is no longer late.
      restartClock: assign({ overdue: false }),
      // A fee asked for after the decision leaves a stopped clock stopped; only a running clock pauses or a paused one runs.
      pauseClock: assign(({ context }) => ({ clock: context.clock === 'running' ? 'paused' : context.clock })),
      resumeClock: assign(({ context }) => ({ clock: context.clock === 'paused' ? 'running' : context.clock })),
      stopClock: assign({ clock: 'stopped' as ClockState }),
      decideIssued: assign({ outcome: 'issued' as Outcome }),
      decideDenied: assign({ outcome: 'denied' as Outcome }),
      markReturned: assign({ resultReturned: true }),
    },
  });
}

type Setup = ReturnType<typeof machineSetup>;
export type DossierMachine = ReturnType<Setup['createMachine']>;
export type DossierSnapshot = SnapshotFrom<DossierMachine>;

/** Relative state path of step i: reception is `received`, later steps `processing.<id>`. */
export const stepStatePath = (def: Pick<ProcedureDefinition, 'steps'>, i: number): string => (i === 0 ? 'received' : `processing.${def.steps[i].id}`);

/**
 * The pure builder (design.md decision 1): a procedure definition → an XState v5 machine.
 * received (= the centre's reception step) → processing.<step>… → result_ready → returned, with
 * awaiting_supplement, awaiting_payment, denied, withdrawn, stopped; the clock (running, paused while waiting for
 * the citizen, stopped by the decision or the end) and the overdue / apology condition (`conditionOf`) in context.
 * The deciding step's action is `approve`; the others' is `complete_step`.
 * No timers: deadlines live in the database and the sweep sends `deadline_passed`.
 */
export function buildDossierMachine(def: Pick<ProcedureDefinition, 'steps' | 'supplementClock' | 'code' | 'extensions'>): DossierMachine {
  const extensions = def.extensions?.length ?? 0;
  const s = machineSetup(extensions);
  const n = def.steps.length;
  const decider = decidingStepIndex(def);
  const target = (i: number): string => `#${ID}.${stepStatePath(def, i)}`;
  const next = (i: number): string => (i + 1 < n ? target(i + 1) : `#${ID}.result_ready`);

  type T = TransitionConfig<DossierContext, DossierEvent, DossierEvent, never, never, never, never, never, never>;
  const backToStep = (extra: string[] = []): T[] =>
    def.steps.map((_, i) => ({ target: target(i), guard: { type: 'atStep', params: { index: i } }, actions: extra }) as unknown as T);

  const stepNode = (i: number) => {
    const move =
      i === decider
        ? {
            approve: [
              { guard: 'issued', target: next(i), actions: ['decideIssued', 'stopClock'] },
              { guard: 'denied', target: `#${ID}.denied`, actions: ['decideDenied', 'stopClock'] },
            ],
          }
        : { complete_step: { target: next(i) } };
    // After the decision the dossier only travels back to the centre (and may still wait for a fee).
    const open =
      i <= decider
        ? {
            request_supplement: { target: `#${ID}.awaiting_supplement`, actions: 'pauseClock' },
            issue_apology: { guard: 'apologyAllowed', actions: 'countApology' },
            // Only procedures whose law allows a longer time in a stated case have the move at all.
            ...(extensions > 0 ? { extend_deadline: { guard: 'extensionAllowed', actions: 'countExtension' } } : {}),
            deadline_passed: { guard: 'notOverdue', actions: 'markOverdue' },
            withdraw: { target: `#${ID}.withdrawn`, actions: 'stopClock' },
            stop: { target: `#${ID}.stopped`, actions: 'stopClock' },
          }
        : {};
    return {
      entry: { type: 'enterStep', params: { index: i } },
      on: { ...move, ...open, request_payment: { target: `#${ID}.awaiting_payment`, actions: 'pauseClock' } },
    };
  };

  const processing: Record<string, ReturnType<typeof stepNode>> = {};
  for (let i = 1; i < n; i++) processing[def.steps[i].id] = stepNode(i);

  const config = {
    id: ID,
    // `input` is missing only in the throwaway actor XState's pure `transition` builds for its scope.
    context: ({ input }: { input: DossierMachineInput | undefined }): DossierContext => ({
      stepIndex: 0,
      clock: 'running',
      apologyCount: 0,
      maxApologies: input?.maxApologies ?? 0,
      overdue: false,
      outcome: null,
      resultReturned: false,
    }),
    initial: 'received',
    states: {
      received: stepNode(0),
      ...(n > 1 ? { processing: { initial: def.steps[1].id, states: processing } } : {}),
      awaiting_supplement: {
        on: {
          receive_supplement: backToStep(def.supplementClock === 'RESTART' ? ['restartClock', 'resumeClock'] : ['resumeClock']),
          withdraw: { target: `#${ID}.withdrawn`, actions: 'stopClock' },
          stop: { target: `#${ID}.stopped`, actions: 'stopClock' },
        },
      },
      awaiting_payment: {
        on: {
          confirm_payment: backToStep(['resumeClock']),
          withdraw: { target: `#${ID}.withdrawn`, guard: 'undecided', actions: 'stopClock' },
          stop: { target: `#${ID}.stopped`, guard: 'undecided', actions: 'stopClock' },
        },
      },
      result_ready: { on: { return_result: { target: `#${ID}.returned` } } },
      returned: { type: 'final' as const },
      denied: { on: { return_result: { guard: 'notReturned', actions: 'markReturned' } } },
      withdrawn: { type: 'final' as const },
      stopped: { type: 'final' as const },
    },
  };
  // The config is assembled from data, so its literal types cannot be checked statically; XState resolves every
  // target, guard and action name here, and the loader calls this for each procedure at start-up and in CI.
  return s.createMachine(config as unknown as Parameters<Setup['createMachine']>[0]) as DossierMachine;
}

/** The part of a snapshot that is persisted on the dossier row. */
export interface PersistedMachineState {
  value: unknown;
  context: DossierContext;
}

export function startDossier(machine: DossierMachine, input: DossierMachineInput): DossierSnapshot {
  return initialTransition(machine, input)[0];
}

export function restoreDossier(machine: DossierMachine, persisted: PersistedMachineState): DossierSnapshot {
  return machine.resolveState({ value: persisted.value as never, context: persisted.context });
}

export function persist(snapshot: DossierSnapshot): PersistedMachineState {
  return { value: snapshot.value, context: snapshot.context };
}

/**
 * Steps the machine through XState's public pure API; null when the event is not allowed in this state. The
 * throwaway actor `transition` builds for each call cost more than the step itself, so the hot path asks
 * `stepStored`, which steps each distinct (state, event) pair once.
 */
export function stepDossier(machine: DossierMachine, snapshot: DossierSnapshot, event: DossierEvent): DossierSnapshot | null {
  if (!snapshot.can(event)) return null;
  return transition(machine, snapshot, event)[0];
}

/**
 * A pure function of a machine and a key, remembered per machine (at most 10,000 keys each): the dossier machines
 * are pure, and few distinct stored states occur, so most calls are answered without XState.
 */
function rememberer<V>(): (machine: DossierMachine, key: string, compute: () => V) => V {
  const memos = new WeakMap<DossierMachine, Map<string, V>>();
  return (machine, key, compute) => {
    let memo = memos.get(machine);
    if (!memo) memos.set(machine, (memo = new Map()));
    if (memo.has(key)) return memo.get(key)!;
    const found = compute();
    if (memo.size < 10_000) memo.set(key, found);
    return found;
  };
}

const stepMemo = rememberer<PersistedMachineState | null>();

/**
 * `stepDossier` from a stored state to the state to store, remembered like `allowedActionsAt`. Guards read only the
 * context and the event and actions only assign to the context, so the answer depends only on the stored state and
 * the event: XState steps each pair once, later actions reuse its answer. Remembered states are frozen because
 * every dossier that reaches them shares them.
 */
export function stepStored(machine: DossierMachine, persisted: PersistedMachineState, event: DossierEvent): PersistedMachineState | null {
  return stepMemo(machine, JSON.stringify([persisted, event]), () => {
    const next = stepDossier(machine, restoreDossier(machine, persisted), event);
    return next ? deepFreeze(structuredClone(persist(next))) : null;
  });
}

/** Freezes an object and everything it holds (what is frozen already is left as it is). */
export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

export function statusOf(snapshot: Pick<DossierSnapshot, 'value'>): DossierStatus {
  const v = snapshot.value as unknown;
  return (typeof v === 'string' ? v : Object.keys(v as object)[0]) as DossierStatus;
}

const allowedMemo = rememberer<DossierAction[]>();

/**
 * `allowedActions` of a stored state, remembered per machine: every view lists them, the answer depends only on
 * the state value and a small context of flags and counters, so few distinct keys ever occur.
 */
export function allowedActionsAt(machine: DossierMachine, persisted: PersistedMachineState): DossierAction[] {
  return [...allowedMemo(machine, JSON.stringify(persisted), () => allowedActions(restoreDossier(machine, persisted)))];
}

/** The user actions the current state accepts (what a 409 lists and what the UI offers). */
export function allowedActions(snapshot: DossierSnapshot): DossierAction[] {
  return DOSSIER_ACTIONS.filter((a) =>
    a === 'approve' ? snapshot.can({ type: 'approve', outcome: 'issued' }) || snapshot.can({ type: 'approve', outcome: 'denied' }) : snapshot.can({ type: a }),
  );
}
