import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { NotificationService } from '../../src/modules/notification/notification.service.js';
import { ScheduledReportsService } from '../../src/modules/reports/scheduled-reports.service.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.js';

// Năm Dẫn's and Lộc Bình's plans report quarterly, half-yearly and yearly, "before the 15th of the period": data from
// the 15th of the month before the period to the 14th of its last month (workflows/plans/*.yaml, reporting-window.ts).
const clock = new FixedClock(new Date('2026-03-15T08:00:00+07:00'));
let t: TestApp;
let manager: string;

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  const admin = await t.login('admin', ADMIN_PASSWORD);
  await t
    .http()
    .post('/api/v1/users')
    .set('Authorization', `Bearer ${admin}`)
    .send({ username: 'namdan.ql', fullName: 'Phụ trách Trung tâm', password: 'password-123', roles: ['manager'], agencyCode: 'TQ.NAMDAN.TTPVHCC' });
  manager = await t.login('namdan.ql', 'password-123');
});
afterAll(() => t?.close());

describe('reports on the plan cadence', () => {
  it('once a quarter’s data window has ended its Biểu II.06a is produced once, kept, and the centre is told when it is due', async () => {
    const svc = t.app.get(ScheduledReportsService);
    expect((await svc.run()).sort()).toEqual(['LS.LOCBINH 2026-Q1', 'TQ.NAMDAN 2026-Q1']);
    expect(await svc.run()).toEqual([]);
    const runs = await t.http().get('/api/v1/reports/runs').set('Authorization', `Bearer ${manager}`);
    expect(runs.status).toBe(200);
    expect(runs.body.items).toEqual([
      expect.objectContaining({
        agencyCode: 'TQ.NAMDAN',
        form: 'II.06a',
        period: '2026-Q1',
        from: '2025-12-15',
        to: '2026-03-14',
        dueOn: '2026-03-15',
        onTime: true,
      }),
    ]);
    const one = await t.http().get(`/api/v1/reports/runs/${runs.body.items[0].id}`).set('Authorization', `Bearer ${manager}`);
    expect(one.body).toMatchObject({ form: 'II.06a', from: '2025-12-15', to: '2026-03-14', total: { field: 'Tổng số', c3: 0 } });
    await t.app.get(NotificationService).deliverPending();
    const notes = await t.http().get('/api/v1/notifications?kind=report_ready').set('Authorization', `Bearer ${manager}`);
    expect(notes.body.items).toHaveLength(1);
    expect(notes.body.items[0]).toMatchObject({ agencyCode: 'TQ.NAMDAN.TTPVHCC', subject: 'Biểu II.06a quý 1/2026 đã được lập' });

    // At the year's end the second half, the year and the remaining quarters follow.
    clock.set(new Date('2027-01-05T08:00:00+07:00'));
    const later = (await svc.run()).sort();
    for (const agency of ['LS.LOCBINH', 'TQ.NAMDAN']) {
      expect(later.filter((p) => p.startsWith(agency))).toEqual(['2026', '2026-H1', '2026-H2', '2026-Q2', '2026-Q3', '2026-Q4'].map((p) => `${agency} ${p}`));
    }
  });
});
