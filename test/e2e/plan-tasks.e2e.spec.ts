import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { PlanReminderService } from '../../src/modules/plans/plan-reminder.service.js';
import { NotificationService } from '../../src/modules/notification/notification.service.js';
import { createUsers } from '../helpers/staff.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The reform plan's tasks (issue 27) as Lợi Bác's units follow them: each lead unit records progress with evidence
 * and marks its tasks done, Phòng Văn hóa – Xã hội follows the whole plan and records for units outside the agency
 * tree, ongoing tasks are reported per quarter, and reminders go out before and after a task's last day.
 */
const clock = new FixedClock(new Date('2026-03-20T09:00:00+07:00'));
const PEOPLE = {
  vh: { roles: ['specialist'], agencyCode: 'LS.LOIBAC.VHXH' },
  kt: { roles: ['specialist'], agencyCode: 'LS.LOIBAC.KT' },
  ld: { roles: ['leader'], agencyCode: 'LS.LOIBAC.LD' },
  ql: { roles: ['manager'], agencyCode: 'LS.LOIBAC.TTPVHCC' },
  td: { roles: ['specialist'], agencyCode: 'LS.TANDOAN.VHXH' },
  tinh: { roles: ['province_viewer'], agencyCode: 'LS' },
} as const;
type Who = keyof typeof PEOPLE;

let t: TestApp;
const tokens = {} as Record<Who, string>;
const auth = (who: Who) => ({ Authorization: `Bearer ${tokens[who]}` });
const PLAN = 'loi-bac-2026';

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  Object.assign(tokens, await createUsers(t, PEOPLE, 'p.'));
});
afterAll(() => t?.close());

const overview = async (who: Who, query = '') => {
  const res = await t.http().get(`/api/v1/plans/tasks${query}`).set(auth(who));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const record = (who: Who, task: string, body: Record<string, unknown>) =>
  t.http().post(`/api/v1/plans/${PLAN}/tasks/${task}/progress`).set(auth(who)).send(body);
type TaskView = { id: string; current: { status: string; period: string | null; due: string | null }; canRecord: boolean };

describe('the plan page’s tasks (issue 27)', () => {
  it('lists every task of Lợi Bác’s appendix with its status on the day and what each officer may record', async () => {
    const body = await overview('vh');
    expect(body.plan).toMatchObject({ id: PLAN, coordinator: { key: 'VHXH' } });
    expect(body.tasks).toHaveLength(42);
    expect(body.myUnits.sort()).toEqual(['ALL', 'VHXH']);
    const byId = new Map<string, TaskView>(body.tasks.map((x: TaskView) => [x.id, x]));
    // 20 March: "Tháng 02/2026" is past and not recorded; "Quý I/2026" still open; "Thường xuyên" is this quarter's.
    expect(byId.get('I.1')!.current).toMatchObject({ status: 'overdue', due: '2026-02-28', period: null });
    expect(byId.get('I.2')!.current).toMatchObject({ status: 'not_started', due: '2026-03-31' });
    expect(byId.get('I.3')!.current).toMatchObject({ period: '2026-Q1', status: 'not_started' });
    expect(byId.get('VII.1.2')!.current).toMatchObject({ status: 'not_started', due: null });
    expect(body.summary).toMatchObject({ overdue: 1, done: 0, in_progress: 0 });
    expect(body.summary.not_started).toBe(41);
    // The coordinator records anything; Phòng Kinh tế only its own and those of every unit.
    expect(byId.get('VI.1')!.canRecord).toBe(true);
    const kt = new Map<string, TaskView>((await overview('kt')).tasks.map((x: TaskView) => [x.id, x]));
    expect(kt.get('VI.1')!.canRecord).toBe(true);
    expect(kt.get('I.2')!.canRecord).toBe(false);
    expect(kt.get('II.1')!.canRecord).toBe(true); // "Các cơ quan, đơn vị thuộc xã"
    // Leaders read the plan; a department's code answers with its commune's plan.
    expect((await overview('ld', '?agency=LS.LOIBAC.KT')).tasks).toHaveLength(42);
    expect((await overview('tinh', '?agency=LS.LOIBAC')).tasks.every((x: TaskView) => !x.canRecord)).toBe(true);
  });

  it('records progress with evidence, marks done once (a second officer at the same moment gets 409), and reopens', async () => {
    const pdf = Buffer.from('%PDF-1.4 kế hoạch tuyên truyền');
    const file = pdf.toString('base64');
    let res = await record('vh', 'I.2', { note: 'Đang dự thảo kế hoạch', evidenceFile: { name: 'du-thao.pdf', type: 'application/pdf', content: file } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.current.status).toBe('in_progress');
    const entry = res.body.entries[0];
    expect(entry).toMatchObject({ kind: 'progress', note: 'Đang dự thảo kế hoạch', evidenceFile: { name: 'du-thao.pdf', size: pdf.length } });
    const download = await t.http().get(`/api/v1/plans/${PLAN}/entries/${entry.id}/evidence`).set(auth('ld'));
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toContain('application/pdf');
    expect(Buffer.from(download.body as Buffer).toString()).toBe('%PDF-1.4 kế hoạch tuyên truyền');

    const done = { kind: 'done', note: 'Đã ban hành', evidenceRef: '15/KH-UBND ngày 18/3/2026', doneOn: '2026-03-18' };
    const both = await Promise.all([record('vh', 'I.2', done), record('vh', 'I.2', done)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)!.body.error.code).toBe('TASK_ALREADY_DONE');
    const task = await t.http().get(`/api/v1/plans/${PLAN}/tasks/I.2`).set(auth('ld'));
    expect(task.body.current).toMatchObject({ status: 'done', doneOn: '2026-03-18' });
    expect(task.body.entries.map((e: { kind: string }) => e.kind)).toEqual(['progress', 'done']);

    res = await record('vh', 'I.2', { kind: 'reopen', note: 'Cần bổ sung nội dung' });
    expect(res.status).toBe(201);
    expect(res.body.current.status).toBe('in_progress');
    const again = await record('vh', 'I.2', { kind: 'reopen', note: 'lần hai' });
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(again.body.error.code).toBe('TASK_NOT_DONE');
  });

  it('an ongoing task’s entry is its quarter’s report; the coordinator records for units outside the tree', async () => {
    let res = await record('kt', 'VI.1', { note: 'Quý I: đã giao dự toán' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.current).toMatchObject({ period: '2026-Q1', status: 'done' });
    expect(res.body.instances.map((i: { status: string }) => i.status)).toEqual(['done', 'not_started', 'not_started', 'not_started']);
    // A second entry in the same quarter adds to it.
    expect((await record('kt', 'VI.1', { note: 'Bổ sung' })).status).toBe(201);
    // VII.2.1 is led by the province's departments: the coordinator records what the commune did.
    res = await record('vh', 'VII.2.1', { note: 'Đã đồng bộ dữ liệu hộ tịch' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('refuses what is not allowed, with the reason in Vietnamese and nothing written', async () => {
    const forbidden = await record('kt', 'I.4', { note: 'không phải việc của phòng' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toContain('đơn vị chủ trì');
    expect((await record('tinh', 'I.4', { note: 'tỉnh không ghi' })).status).toBe(403);
    // Another commune's officer does not see Lợi Bác's plan.
    expect((await record('td', 'I.4', { note: 'xã khác' })).status).toBe(404);
    expect((await t.http().get('/api/v1/plans/tasks?agency=LS.LOIBAC').set(auth('td'))).status).toBe(404);
    const bad: [string, Record<string, unknown>, string][] = [
      ['I.4', {}, 'note'],
      ['I.4', { note: 'x', kind: 'finish' }, 'kind'],
      ['I.4', { note: 'ghi theo kỳ', period: '2026-Q2' }, 'period'],
      ['VI.1', { note: 'quý sau', period: '2026-Q3' }, 'period'],
      ['VI.1', { note: 'quý sai', period: '2026-Q5' }, 'period'],
      ['I.4', { note: 'ngày sau hôm nay', kind: 'done', doneOn: '2026-04-01' }, 'doneOn'],
      ['I.4', { note: 'tệp hỏng', evidenceFile: { name: 'a.pdf', type: 'application/pdf', content: '***' } }, 'evidenceFile.content'],
    ];
    for (const [task, body, field] of bad) {
      const res = await record('vh', task, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.error.details), field).toContain(field);
    }
    expect((await record('vh', 'X.99', { note: 'không có' })).status).toBe(404);
    const task = await t.http().get(`/api/v1/plans/${PLAN}/tasks/I.4`).set(auth('vh'));
    expect(task.body.entries).toEqual([]);
  });
});

describe('reminders of the plan’s tasks, on an injected clock (issue 27)', () => {
  const remind = () => t.app.get(PlanReminderService).remind();
  const notes = async (kind: string) => {
    await t.app.get(NotificationService).deliverPending();
    const res = await t.http().get(`/api/v1/notifications?kind=${kind}&pageSize=100`).set(auth('ld'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as { agencyCode: string; subject: string; body: string }[];
  };

  it('tells the lead unit and the coordinator once before the last day and once after it, never for work done', async () => {
    clock.set(new Date('2026-03-20T09:00:00+07:00'));
    await remind(); // what was already overdue on 20 March (I.1) is told as overdue, once
    const early = await notes('plan_task_due_soon');
    expect(early).toEqual([]);
    const overdue = await notes('plan_task_overdue');
    expect(overdue.map((n) => n.subject)).toEqual([expect.stringContaining('Nhiệm vụ I.1 đã quá hạn (28/02/2026)')]);
    expect(overdue[0].agencyCode).toBe('LS.LOIBAC.VHXH');

    // 24 March: seven days before 31 March. Quý I tasks and the quarter's ongoing entries (due 31/3: the plan names
    // no reporting day) not yet recorded are told; I.2 (reopened) too; VI.1 (recorded for Q1) is not.
    clock.set(new Date('2026-03-24T09:00:00+07:00'));
    expect(await remind()).toBeGreaterThan(0);
    expect(await remind()).toBe(0);
    const soon = await notes('plan_task_due_soon');
    // One message per unit, listing its tasks a line each.
    const text = soon.map((n) => `${n.subject}\n${n.body}`).join('\n');
    expect(text).toMatch(/^I\.2 \(hạn 31\/03\/2026\): Xây dựng Kế hoạch thông tin/m);
    expect(text).toMatch(/^I\.3 \(hạn 31\/03\/2026, kỳ 2026-Q1\)/m);
    expect(text).not.toMatch(/^VI\.1 /m);
    expect(text).not.toMatch(/^VII\.1\.2 /m); // after an outside event: no date
    expect(soon.filter((n) => n.agencyCode === 'LS.LOIBAC.VHXH')).toHaveLength(1);
    expect(soon.find((n) => n.agencyCode === 'LS.LOIBAC.VHXH')!.subject).toMatch(/^\[Kế hoạch CCHC\] \d+ nhiệm vụ sắp đến hạn$/);
    // II.3 is led by the office: the office and the coordinator hear of it.
    expect(
      soon
        .filter((n) => /^II\.3 /m.test(n.body))
        .map((n) => n.agencyCode)
        .sort(),
    ).toEqual(['LS.LOIBAC.VHXH', 'LS.LOIBAC.VP']);

    const done = await record('vh', 'I.2', { kind: 'done', note: 'Đã ban hành lại', doneOn: '2026-03-24' });
    expect(done.status).toBe(201);
    clock.set(new Date('2026-04-01T08:00:00+07:00'));
    await remind();
    const late = (await notes('plan_task_overdue')).map((n) => `${n.subject}\n${n.body}`).join('\n');
    expect(late).toMatch(/^I\.3 \(hạn 31\/03\/2026, kỳ 2026-Q1\)/m);
    expect(late).not.toMatch(/^I\.2 /m);
    expect(await remind()).toBe(0);
  });
});
