import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../common/project-root.js';
import { buildDossierMachine, deepFreeze } from '../../workflow-engine/dossier-machine.js';
import type { ProcedureDefinition } from '../../workflow-engine/procedure-definition.js';
import type { RuleSet } from '../../workflow-engine/rule-set.js';
import { loadWorkflows } from '../../workflows/workflows-loader.js';
import { WorkingCalendar } from '../calendar/working-calendar.js';
import { formatVn } from '../../common/vn-time.js';
import { departmentOf, lateStepOf } from './dossier-department.js';
import { type ActionCommand, applyAction, type DossierState, openDossier, type RulesEnv } from './dossier-rules.js';

const wf = loadWorkflows(join(projectRoot(), 'workflows'));
const cal = new WorkingCalendar({ years: wf.calendars.get('vn')!, sessions: ['07:00-11:30', '13:30-17:00'], name: 'vn' });
const proc = (code: string): ProcedureDefinition => wf.procedures.find((p) => p.definition.code === code)!.definition;
const ruleSet = (patch: Partial<Record<keyof RuleSet, unknown>> = {}): RuleSet => ({ ...wf.ruleSets.at(-1)!, ...patch }) as RuleSet;

function env(code: string, rs = ruleSet()): RulesEnv {
  const def = proc(code);
  return { def, ruleSet: rs, cal, machine: buildDossierMachine(def), ownerCode: (k) => `X.${k}` };
}

const T = (iso: string): number => Date.parse(iso);
const vn = (ms: number | null): string | null => (ms === null ? null : formatVn(ms));

function run(e: RulesEnv, receivedAt: string, steps: [ActionCommand, string][]): DossierState {
  let s = openDossier(e, T(receivedAt));
  for (const [cmd, at] of steps) s = applyAction(e, s, cmd, T(at), 'tester');
  return s;
}

describe('dossier rules (pure): deadlines, steps, apologies', () => {
  it('same-day birth registration: before 15:00 due at close, at/after 15:00 due the next working day', () => {
    const e = env('1.001193');
    expect(vn(openDossier(e, T('2026-03-02T14:59:00+07:00')).dueAt)).toBe('2026-03-02T17:00:00+07:00');
    expect(vn(openDossier(e, T('2026-03-02T15:00:00+07:00')).dueAt)).toBe('2026-03-03T17:00:00+07:00');
    // Friday after the cut-off → Monday.
    expect(vn(openDossier(e, T('2026-03-06T16:00:00+07:00')).dueAt)).toBe('2026-03-09T17:00:00+07:00');
  });

  it('same-day steps are budgeted in working hours from their hand-over', () => {
    const s = run(env('1.001193'), '2026-03-02T08:00:00+07:00', [[{ action: 'complete_step' }, '2026-03-02T08:30:00+07:00']]);
    expect(vn(s.steps[0].dueAt)).toBe('2026-03-02T09:00:00+07:00');
    expect(s.steps[0].result).toBe('on_time');
    // 4 working hours from 08:30: 3 h before noon, 1 h after 13:30.
    expect(vn(s.steps[1].dueAt)).toBe('2026-03-02T14:30:00+07:00');
  });

  it('received at night online counts from the next session (domain §6)', () => {
    const s = openDossier(env('1.004873'), T('2026-03-02T22:00:00+07:00'));
    expect(vn(s.startAt)).toBe('2026-03-03T07:00:00+07:00');
    // 24 working hours from Tue 07:00 end exactly at Thu's close, and are due then.
    expect(vn(s.dueAt)).toBe('2026-03-05T17:00:00+07:00');
  });

  it('Tết: received Fri 13/2/2026 16:00, 3 working days → Wed 25/2 16:00 (domain §6 example)', () => {
    expect(vn(openDossier(env('1.004873'), T('2026-02-13T16:00:00+07:00')).dueAt)).toBe('2026-02-25T16:00:00+07:00');
  });

  it('apology lead time and warning threshold come from the rule set', () => {
    const rs = ruleSet({
      apology: { ...wf.ruleSets.at(-1)!.apology, leadTime: { value: { amount: 2, unit: 'working_days' }, source: 'test', confirmed: false } },
      warnings: { value: { budgetUsedPercent: 50, remainingWorkingDays: 0 }, source: 'test', confirmed: false },
    });
    const s = openDossier(env('1.004873', rs), T('2026-03-02T08:00:00+07:00'));
    expect(vn(s.apologyDueBy)).toBe('2026-03-03T08:00:00+07:00');
    // 50% of 24 h = 12 h from Mon 08:00: 7 h on Monday, 4.5 h Tuesday morning, 0.5 h after 13:30.
    expect(vn(s.warnAt)).toBe('2026-03-03T14:00:00+07:00');
  });

  describe('a budget shorter than the lead time (issue 24; rule set apology.shortBudgetLeadPercent, warnings)', () => {
    const shortLead = (percent: number): RuleSet =>
      ruleSet({ apology: { ...wf.ruleSets.at(-1)!.apology, shortBudgetLeadPercent: { value: percent, source: 'test', confirmed: false } } });
    // [case, procedure, received, rule set, apology due by, warned at]
    const cases: [string, string, string, RuleSet, string, string][] = [
      // Same day from 09:00: 6 working hours to 17:00; 75% of them (4.5 h) is 15:30. The lead time (1 working day) cannot
      // be met, so the apology is due by the due instant itself (default 0%), and no warning at reception.
      [
        'same-day birth registration, default: apology by the due instant',
        '1.001193',
        '2026-03-02T09:00:00+07:00',
        ruleSet(),
        '2026-03-02T17:00',
        '2026-03-02T15:30',
      ],
      ['same-day, 25% of the budget left (1.5 h before 17:00)', '1.001193', '2026-03-02T09:00:00+07:00', shortLead(25), '2026-03-02T15:30', '2026-03-02T15:30'],
      // After the 15:00 cut-off the count starts the next morning: 8 h; 75% (6 h) is 07:00–11:30 and 1.5 h from 13:30.
      ['same-day after the 15:00 cut-off (NĐ 23/2015 Đ.7)', '2.000815', '2026-03-02T15:10:00+07:00', ruleSet(), '2026-03-03T17:00', '2026-03-03T15:00'],
      // 3 working days: the budget is longer than the lead time; the rule set's lead time and the earlier warning hold.
      ['3 working days (NĐ 61/2018 lead time of 1 working day)', '1.004873', '2026-03-02T08:00:00+07:00', ruleSet(), '2026-03-04T08:00', '2026-03-04T08:00'],
    ];
    it.each(cases)('%s', (_name, code, received, rs, apologyBy, warnAt) => {
      const s = openDossier(env(code, rs), T(received));
      expect(vn(s.apologyDueBy)?.slice(0, 16)).toBe(apologyBy);
      expect(vn(s.warnAt)?.slice(0, 16)).toBe(warnAt);
      expect(s.warnAt!).toBeGreaterThan(s.startAt);
    });

    it('an apology for a late same-day dossier issued before it is late counts as on time', () => {
      const s = run(env('1.001193'), '2026-03-02T09:00:00+07:00', [
        [{ action: 'issue_apology', reason: 'chờ xác minh', newDueAt: T('2026-03-03T17:00:00+07:00') }, '2026-03-02T16:30:00+07:00'],
      ]);
      expect(s.apologies[0]).toMatchObject({ onTime: true });
      const late = run(env('1.001193'), '2026-03-02T09:00:00+07:00', [
        [{ action: 'issue_apology', reason: 'chờ xác minh', newDueAt: T('2026-03-04T17:00:00+07:00') }, '2026-03-03T08:00:00+07:00'],
      ]);
      expect(late.apologies[0]).toMatchObject({ onTime: false });
    });
  });

  describe('statutory extensions: a longer time in a stated case, not lateness (issue 24; procedure `extensions`)', () => {
    const extend = (extension: string, reason = 'cần xác minh'): ActionCommand => ({ action: 'extend_deadline', extension, reason });
    // [case, procedure, received, extended at, extension, due before, due after]
    const cases: [string, string, string, string, string, string, string][] = [
      // 5 working days from 09:00 Monday (40 h): 6 h on Monday, 32 h Tuesday–Friday, 2 h the next Monday.
      [
        'marriage needing verification: 5 working days in all (Luật Hộ tịch 2014 Đ.18 k.2)',
        '1.000894',
        '2026-03-02T09:00',
        '2026-03-02T10:00',
        'can_xac_minh',
        '2026-03-02T17:00',
        '2026-03-09T09:00',
      ],
      [
        'civil-status correction needing verification: 3 more working days (Luật Hộ tịch 2014 Đ.28 k.2)',
        '1.004859',
        '2026-03-02T08:00',
        '2026-03-04T08:00',
        'can_xac_minh',
        '2026-03-05T08:00',
        '2026-03-10T08:00',
      ],
      [
        'certification of many papers: 2 more working days (NĐ 23/2015 Đ.7)',
        '2.000815',
        '2026-03-02T09:00',
        '2026-03-02T16:00',
        'nhieu_giay_to',
        '2026-03-02T17:00',
        '2026-03-04T17:00',
      ],
    ];
    it.each(cases)('%s', (_name, code, received, at, extension, before, after) => {
      const e = env(code);
      const s0 = openDossier(e, T(`${received}:00+07:00`));
      expect(vn(s0.originalDueAt)?.slice(0, 16)).toBe(before);
      const s = applyAction(e, s0, extend(extension), T(`${at}:00+07:00`), 'tester');
      expect(vn(s.originalDueAt)?.slice(0, 16)).toBe(after);
      expect(s.dueAt).toBe(s.originalDueAt);
      expect(s.extensions).toMatchObject([{ id: extension, reason: 'cần xác minh', previousDueAt: s0.originalDueAt, newDueAt: s.originalDueAt }]);
      // The step handling it gets the extra time, and the warnings and the apology deadline follow the new due.
      expect(s.steps[0].dueAt!).toBeGreaterThan(s0.steps[0].dueAt!);
      expect(s.apologyDueBy!).toBeGreaterThan(s0.apologyDueBy!);
      expect(s.overdueAt!).toBeGreaterThan(s0.overdueAt!);
    });

    it('a marriage decided within the extension is not late; the same dossier with only an apology is', () => {
      const path = (first: ActionCommand): [ActionCommand, string][] => [
        [first, '2026-03-02T10:00:00+07:00'],
        [{ action: 'complete_step' }, '2026-03-03T09:00:00+07:00'],
        [{ action: 'complete_step' }, '2026-03-05T09:00:00+07:00'],
        [{ action: 'approve', outcome: 'issued' }, '2026-03-06T09:00:00+07:00'],
      ];
      expect(run(env('1.000894'), '2026-03-02T09:00:00+07:00', path(extend('can_xac_minh'))).resultClass).toBe('early');
      const apology: ActionCommand = { action: 'issue_apology', reason: 'cần xác minh', newDueAt: T('2026-03-09T09:00:00+07:00') };
      expect(run(env('1.000894'), '2026-03-02T09:00:00+07:00', path(apology)).resultClass).toBe('late');
    });

    it('refused: twice, after the due instant, an unknown case, a procedure whose law has none', () => {
      const e = env('1.000894');
      const s0 = openDossier(e, T('2026-03-02T09:00:00+07:00'));
      const once = applyAction(e, s0, extend('can_xac_minh'), T('2026-03-02T10:00:00+07:00'), 'tester');
      expect(() => applyAction(e, once, extend('can_xac_minh'), T('2026-03-02T11:00:00+07:00'), 'tester')).toThrow(
        expect.objectContaining({ status: 409, code: 'ACTION_NOT_ALLOWED' }),
      );
      expect(() => applyAction(e, s0, extend('can_xac_minh'), T('2026-03-02T17:30:00+07:00'), 'tester')).toThrow(
        expect.objectContaining({ status: 409, code: 'EXTENSION_TOO_LATE' }),
      );
      expect(() => applyAction(e, s0, extend('khong_co'), T('2026-03-02T10:00:00+07:00'), 'tester')).toThrow(
        expect.objectContaining({ status: 400, code: 'VALIDATION_FAILED' }),
      );
      const birth = env('1.001193');
      expect(() => applyAction(birth, openDossier(birth, T('2026-03-02T09:00:00+07:00')), extend('can_xac_minh'), T('2026-03-02T10:00:00+07:00'), 't')).toThrow(
        expect.objectContaining({ status: 409, code: 'ACTION_NOT_ALLOWED' }),
      );
    });
  });

  it('classification by instant makes a dossier finished after its due hour late; by date it is on time', () => {
    const path: [ActionCommand, string][] = [
      [{ action: 'complete_step' }, '2026-03-02T09:00:00+07:00'],
      [{ action: 'complete_step' }, '2026-03-03T09:00:00+07:00'],
      [{ action: 'approve', outcome: 'issued' }, '2026-03-05T10:00:00+07:00'],
    ];
    expect(run(env('1.004873'), '2026-03-02T08:00:00+07:00', path).resultClass).toBe('on_time');
    const byInstant = ruleSet({ classifyBy: { value: 'instant', source: 'test', confirmed: false } });
    expect(run(env('1.004873', byInstant), '2026-03-02T08:00:00+07:00', path).resultClass).toBe('late');
  });

  it('finishing by the apology date is still late against the original due; the rule set can say otherwise', () => {
    const path: [ActionCommand, string][] = [
      [{ action: 'issue_apology', reason: 'chậm', newDueAt: T('2026-03-10T17:00:00+07:00') }, '2026-03-03T09:00:00+07:00'],
      [{ action: 'complete_step' }, '2026-03-06T09:00:00+07:00'],
      [{ action: 'complete_step' }, '2026-03-06T10:00:00+07:00'],
      [{ action: 'approve', outcome: 'issued' }, '2026-03-09T10:00:00+07:00'],
    ];
    expect(run(env('1.004873'), '2026-03-02T08:00:00+07:00', path).resultClass).toBe('late');
    const lenient = ruleSet({ apology: { ...wf.ruleSets.at(-1)!.apology, lateAgainstOriginalDue: { value: false, source: 'test', confirmed: false } } });
    expect(run(env('1.004873', lenient), '2026-03-02T08:00:00+07:00', path).resultClass).toBe('early');
  });

  it('a fee asked after the decision waits without touching the stopped clock', () => {
    const s = run(env('1.004873'), '2026-03-02T08:00:00+07:00', [
      [{ action: 'complete_step' }, '2026-03-02T09:00:00+07:00'],
      [{ action: 'complete_step' }, '2026-03-02T10:00:00+07:00'],
      [{ action: 'approve', outcome: 'issued' }, '2026-03-02T11:00:00+07:00'],
      [{ action: 'request_payment', amount: 8000 }, '2026-03-02T14:00:00+07:00'],
      [{ action: 'confirm_payment', online: false }, '2026-03-04T14:00:00+07:00'],
    ]);
    expect(s.clock).toBe('stopped');
    expect(vn(s.dueAt)).toBe('2026-03-05T08:00:00+07:00');
    expect(s.waits[0]).toMatchObject({ kind: 'payment', pausedMs: 0, online: false });
  });

  it('an action never changes the state it is given (each step is applied to a frozen state)', () => {
    const e = env('1.004873');
    let s = openDossier(e, T('2026-03-02T08:00:00+07:00'));
    for (const [cmd, at] of [
      [{ action: 'request_supplement', items: ['Bản sao CCCD'] }, '2026-03-02T09:00:00+07:00'],
      [{ action: 'receive_supplement' }, '2026-03-03T09:00:00+07:00'],
      [{ action: 'issue_apology', reason: 'chậm', newDueAt: T('2026-03-20T17:00:00+07:00') }, '2026-03-04T09:00:00+07:00'],
      [{ action: 'complete_step' }, '2026-03-05T09:00:00+07:00'],
      [{ action: 'complete_step' }, '2026-03-05T10:00:00+07:00'],
      [{ action: 'approve', outcome: 'issued' }, '2026-03-06T10:00:00+07:00'],
      [{ action: 'request_payment', amount: 8000 }, '2026-03-06T11:00:00+07:00'],
      [{ action: 'confirm_payment', online: true }, '2026-03-06T14:00:00+07:00'],
    ] as [ActionCommand, string][]) {
      const before = structuredClone(s);
      s = applyAction(e, deepFreeze(s), cmd, T(at), 'tester');
      expect(s).not.toEqual(before);
    }
    expect(s).toMatchObject({ outcome: 'issued', apologies: [{ reason: 'chậm' }], waits: [{ kind: 'supplement' }, { kind: 'payment', online: true }] });
    expect(s.steps.slice(0, 3).every((st) => st.finishedAt !== null)).toBe(true);
  });

  it('an action before the reception instant is refused', () => {
    const e = env('1.004873');
    const s = openDossier(e, T('2026-03-02T08:00:00+07:00'));
    expect(() => applyAction(e, s, { action: 'complete_step' }, T('2026-03-01T08:00:00+07:00'), 't')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'at', message: 'thời điểm thao tác trước thời điểm tiếp nhận' }] } }),
    );
  });

  it('a delay belongs to the step where it began and never recovered; a unit that caught up is not blamed', () => {
    const e = env('1.004873');
    const C = { action: 'complete_step' } as ActionCommand;
    const A = { action: 'approve', outcome: 'issued' } as ActionCommand;
    // Reception on time, the office a day late (due Tue 3/3; steps are judged by date), the leaders late too.
    const late = run(e, '2026-03-02T08:00:00+07:00', [
      [C, '2026-03-02T09:00:00+07:00'],
      [C, '2026-03-04T09:00:00+07:00'],
      [A, '2026-03-05T09:00:00+07:00'],
    ]);
    expect(late.steps.map((st) => st.result)).toEqual(['on_time', 'late', 'late', null]);
    expect(lateStepOf(late, T('2026-03-05T09:00:00+07:00'))?.id).toBe('tham_dinh');
    expect(departmentOf(late, T('2026-03-05T09:00:00+07:00'))).toBe('X.office');
    // The office late, the leaders back on schedule: nobody's delay; the dossier counts for the office handling it.
    const caughtUp = run(e, '2026-03-02T08:00:00+07:00', [
      [C, '2026-03-02T09:00:00+07:00'],
      [C, '2026-03-04T09:00:00+07:00'],
      [A, '2026-03-04T11:00:00+07:00'],
    ]);
    expect(caughtUp.steps.map((st) => st.result)).toEqual(['on_time', 'late', 'on_time', null]);
    expect(lateStepOf(caughtUp, T('2026-03-04T11:00:00+07:00'))).toBeNull();
    expect(departmentOf(caughtUp, T('2026-03-04T11:00:00+07:00'))).toBe('X.office');
    // A step still open past its due instant is late as of the moment asked; the dossier is not late yet, so it
    // still counts for the office.
    const held = openDossier(e, T('2026-03-02T08:00:00+07:00'));
    expect(lateStepOf(held, T('2026-03-02T09:00:00+07:00'))).toBeNull();
    expect(lateStepOf(held, T('2026-03-03T09:00:00+07:00'))?.id).toBe('tiep_nhan');
    expect(departmentOf(held, T('2026-03-03T09:00:00+07:00'))).toBe('X.office');
  });
});
