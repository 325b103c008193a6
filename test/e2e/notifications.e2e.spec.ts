import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { DeadlineSweepService } from '../../src/modules/dossier/deadline-sweep.service.js';
import { NotificationService } from '../../src/modules/notification/notification.service.js';
import { actionsOf, receptionBody, useStaffApp } from '../helpers/staff.js';

/** The bell (issue 23): each officer hears of their unit's notifications; the manager of the whole commune. */
const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));
const ctx = useStaffApp(clock);
const auth = ctx.auth;
const act = actionsOf(ctx, '/api/v1/dossiers');

describe('in-app notifications', () => {
  it('an overdue dossier is told to the office holding it and to the manager, not to another department; seen is remembered', async () => {
    const res = await ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).send(receptionBody());
    await act('tn', res.body, 'complete_step');
    clock.set(new Date('2026-03-09T08:00:00+07:00'));
    await ctx.t.app.get(DeadlineSweepService).sweep();
    await ctx.t.app.get(NotificationService).deliverPending();

    const mine = async (who: 'cv' | 'kt' | 'ql') => {
      const r = await ctx.t.http().get('/api/v1/notifications/mine').set(auth(who));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body as { unread: number; lastSeen: number; items: { id: number; subject: string; dossierId: string | null; unread: boolean }[] };
    };
    const office = await mine('cv');
    const overdue = office.items.find((n) => n.subject.endsWith('Hồ sơ đã quá hạn'));
    expect(overdue).toMatchObject({ dossierId: res.body.id, unread: true });
    expect(office.unread).toBeGreaterThanOrEqual(2); // the hand-over, the warning, the deadline
    expect((await mine('ql')).items.map((n) => n.id)).toContain(overdue!.id);
    expect((await mine('kt')).items.map((n) => n.id)).not.toContain(overdue!.id);

    const seen = await ctx.t.http().post('/api/v1/notifications/mine/seen').set(auth('cv')).send({ upTo: office.items[0].id });
    expect(seen.status).toBe(204);
    expect(await mine('cv')).toMatchObject({ unread: 0, lastSeen: office.items[0].id });
    // Another tab, late with an older id, does not unread anything.
    await ctx.t.http().post('/api/v1/notifications/mine/seen').set(auth('cv')).send({ upTo: 1 });
    expect((await mine('cv')).unread).toBe(0);
    // The manager's own reading is separate.
    expect((await mine('ql')).unread).toBeGreaterThan(0);
    const bad = await ctx.t.http().post('/api/v1/notifications/mine/seen').set(auth('cv')).send({ upTo: 'all' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});
