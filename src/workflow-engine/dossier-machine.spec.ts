import { describe, expect, it } from 'vitest';
import { loadWorkflows } from '../workflows/workflows-loader.js';
import { projectRoot } from '../common/project-root.js';
import {
  allowedActions,
  allowedActionsAt,
  buildDossierMachine,
  conditionOf,
  DOSSIER_ACTIONS,
  type DossierAction,
  type DossierEvent,
  type DossierSnapshot,
  persist,
  restoreDossier,
  startDossier,
  statusOf,
  stepDossier,
  stepStored,
} from './dossier-machine.js';
import type { ProcedureDefinition } from './procedure-definition.js';
import { join } from 'node:path';

const steps = (owners: ProcedureDefinition['steps'][number]['owner'][]): ProcedureDefinition['steps'] =>
  owners.map((owner, i) => ({ id: ['tiep_nhan', 'tham_dinh', 'ky_duyet', 'tra_ket_qua'][i], name: 'Bước ' + i, owner, budget: 1 }));

const fourSteps = { code: '1.000001', supplementClock: 'RESTART' as const, steps: steps(['centre', 'office', 'leadership', 'centre']) };
const machine = buildDossierMachine(fourSteps);
const start = (maxApologies = 1): DossierSnapshot => startDossier(machine, { maxApologies });

const ev = (a: DossierAction): DossierEvent => (a === 'approve' ? { type: 'approve', outcome: 'issued' } : ({ type: a } as DossierEvent));

function run(...events: DossierEvent[]): DossierSnapshot {
  let s = start();
  for (const e of events) {
    const n = stepDossier(machine, s, e);
    if (!n) throw new Error(`refused ${e.type} in ${JSON.stringify(s.value)}`);
    s = n;
  }
  return s;
}

const C: DossierEvent = { type: 'complete_step' };
const ISSUE: DossierEvent = { type: 'approve', outcome: 'issued' };
const DENY: DossierEvent = { type: 'approve', outcome: 'denied' };

/** Every reachable state of the 4-step procedure, with exactly the actions it must accept. */
const TABLE: [string, DossierEvent[], DossierAction[]][] = [
  ['received', [], ['complete_step', 'request_supplement', 'request_payment', 'issue_apology', 'withdraw', 'stop']],
  ['processing.tham_dinh', [C], ['complete_step', 'request_supplement', 'request_payment', 'issue_apology', 'withdraw', 'stop']],
  ['processing.ky_duyet', [C, C], ['request_supplement', 'request_payment', 'approve', 'issue_apology', 'withdraw', 'stop']],
  ['processing.tra_ket_qua', [C, C, ISSUE], ['complete_step', 'request_payment']],
  ['result_ready', [C, C, ISSUE, C], ['return_result']],
  ['returned', [C, C, ISSUE, C, { type: 'return_result' }], []],
  ['denied', [C, C, DENY], ['return_result']],
  ['denied (returned)', [C, C, DENY, { type: 'return_result' }], []],
  ['awaiting_supplement', [C, { type: 'request_supplement' }], ['receive_supplement', 'withdraw', 'stop']],
  ['awaiting_payment', [{ type: 'request_payment' }], ['confirm_payment', 'withdraw', 'stop']],
  ['awaiting_payment after decision', [C, C, ISSUE, { type: 'request_payment' }], ['confirm_payment']],
  ['withdrawn', [{ type: 'withdraw' }], []],
  ['stopped', [C, { type: 'stop' }], []],
  ['after the one allowed apology', [C, { type: 'issue_apology' }], ['complete_step', 'request_supplement', 'request_payment', 'withdraw', 'stop']],
];

describe('dossier machine: every action in every state', () => {
  for (const [name, path, allowed] of TABLE) {
    it(`${name}: allows exactly ${allowed.join(', ') || 'nothing'}`, () => {
      const s = run(...path);
      expect(allowedActions(s)).toEqual(DOSSIER_ACTIONS.filter((a) => allowed.includes(a)));
      // The remembered answer for the stored state is the same, asked cold or warm.
      expect(allowedActionsAt(machine, persist(s))).toEqual(allowedActions(s));
      expect(allowedActionsAt(machine, JSON.parse(JSON.stringify(persist(s))))).toEqual(allowedActions(s));
      for (const a of DOSSIER_ACTIONS) {
        const next = stepDossier(machine, s, ev(a));
        if (allowed.includes(a) && !(a === 'approve')) expect(next, a).not.toBeNull();
        if (!allowed.includes(a)) expect(next, a).toBeNull();
        // The remembered step gives XState's answer, cold and warm, from a state as stored (keys reordered by jsonb).
        const stored = JSON.parse(JSON.stringify(persist(s))) as ReturnType<typeof persist>;
        for (let k = 0; k < 2; k++) expect(stepStored(machine, stored, ev(a)), a).toEqual(next && persist(next));
      }
    });
  }
});

describe('dossier machine: paths', () => {
  it('normal path ends returned with outcome issued', () => {
    const s = run(C, C, ISSUE, C, { type: 'return_result' });
    expect(statusOf(s)).toBe('returned');
    expect(s.context.outcome).toBe('issued');
    expect(s.status).toBe('done');
  });

  it('a supplement returns the dossier to the step it left, and RESTART clears the overdue condition', () => {
    const s = run(C, { type: 'deadline_passed' }, { type: 'request_supplement' }, { type: 'receive_supplement' });
    expect(s.value).toEqual({ processing: 'tham_dinh' });
    expect(s.context.overdue).toBe(false);
  });

  it('PAUSE keeps the overdue condition after the supplement', () => {
    const m = buildDossierMachine({ ...fourSteps, supplementClock: 'PAUSE' });
    let s = startDossier(m, { maxApologies: 1 });
    for (const e of [C, { type: 'deadline_passed' }, { type: 'request_supplement' }, { type: 'receive_supplement' }] as DossierEvent[]) {
      s = stepDossier(m, s, e)!;
    }
    expect(s.value).toEqual({ processing: 'tham_dinh' });
    expect(conditionOf(s.context)).toBe('overdue');
  });

  it('the clock runs from reception, pauses while the citizen is waited for, and stops at the decision or the end', () => {
    const clock = (...events: DossierEvent[]) => run(...events).context.clock;
    expect(clock()).toBe('running');
    expect(clock(C, { type: 'request_supplement' })).toBe('paused');
    expect(clock(C, { type: 'request_supplement' }, { type: 'receive_supplement' })).toBe('running');
    expect(clock({ type: 'request_payment' })).toBe('paused');
    expect(clock({ type: 'request_payment' }, { type: 'confirm_payment' })).toBe('running');
    expect(clock(C, C, ISSUE)).toBe('stopped');
    expect(clock(C, C, DENY)).toBe('stopped');
    // A fee asked for after the decision waits for the citizen without starting the clock again.
    expect(clock(C, C, ISSUE, { type: 'request_payment' })).toBe('stopped');
    expect(clock(C, C, ISSUE, { type: 'request_payment' }, { type: 'confirm_payment' })).toBe('stopped');
    expect(clock({ type: 'request_payment' }, { type: 'withdraw' })).toBe('stopped');
    expect(clock(C, { type: 'stop' })).toBe('stopped');
  });

  it('payment waits and returns to the same step', () => {
    const s = run(C, C, { type: 'request_payment' }, { type: 'confirm_payment' });
    expect(s.value).toEqual({ processing: 'ky_duyet' });
  });

  it('overdue then apology: condition overdue_apologized; a second apology is refused with maxCount 1, allowed with 2', () => {
    const s = run({ type: 'deadline_passed' }, { type: 'issue_apology' });
    expect(conditionOf(s.context)).toBe('overdue_apologized');
    expect(stepDossier(machine, s, { type: 'issue_apology' })).toBeNull();
    let t = start(2);
    t = stepDossier(machine, t, { type: 'issue_apology' })!;
    expect(conditionOf(t.context)).toBe('apologized');
    expect(stepDossier(machine, t, { type: 'issue_apology' })).not.toBeNull();
  });

  it('deadline_passed is ignored while waiting for the citizen and after the decision', () => {
    expect(stepDossier(machine, run({ type: 'request_supplement' }), { type: 'deadline_passed' })).toBeNull();
    expect(stepDossier(machine, run({ type: 'request_payment' }), { type: 'deadline_passed' })).toBeNull();
    expect(stepDossier(machine, run(C, C, ISSUE), { type: 'deadline_passed' })).toBeNull();
    expect(stepDossier(machine, run({ type: 'deadline_passed' }), { type: 'deadline_passed' })).toBeNull();
  });

  it('a persisted snapshot restores to the same state and keeps stepping', () => {
    const s = run(C, { type: 'request_supplement' });
    const restored = restoreDossier(machine, JSON.parse(JSON.stringify(persist(s))));
    expect(restored.value).toEqual(s.value);
    expect(allowedActions(restored)).toEqual(allowedActions(s));
    expect(stepDossier(machine, restored, { type: 'receive_supplement' })!.value).toEqual({ processing: 'tham_dinh' });
  });

  it('a single-step procedure decides at reception', () => {
    const m = buildDossierMachine({ code: '1.000002', supplementClock: 'RESTART', steps: steps(['centre']) });
    const s = startDossier(m, { maxApologies: 1 });
    expect(allowedActions(s)).toContain('approve');
    expect(statusOf(stepDossier(m, s, ISSUE)!)).toBe('result_ready');
  });

  it('without a leadership step the last non-centre step decides (police registration)', () => {
    const m = buildDossierMachine({ code: '1.000003', supplementClock: 'RESTART', steps: steps(['centre', 'police', 'police', 'centre']) });
    let s = startDossier(m, { maxApologies: 1 });
    s = stepDossier(m, s, C)!;
    expect(allowedActions(s)).toContain('complete_step');
    s = stepDossier(m, s, C)!;
    expect(allowedActions(s)).toContain('approve');
  });

  it('every procedure in workflows/ builds and reaches returned along its steps', () => {
    const wf = loadWorkflows(join(projectRoot(), 'workflows'));
    for (const p of wf.procedures) {
      const m = buildDossierMachine(p.definition);
      let s = startDossier(m, { maxApologies: 1 });
      for (let guard = 0; statusOf(s) !== 'returned' && guard < 20; guard++) {
        const a = allowedActions(s);
        const e: DossierEvent = a.includes('approve') ? ISSUE : a.includes('complete_step') ? C : { type: 'return_result' };
        s = stepDossier(m, s, e)!;
      }
      expect(statusOf(s), p.definition.code).toBe('returned');
    }
  });
});
