import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { readEvents, timelineEvent } from '../../src/common/event-chain.js';
import { Db } from '../../src/database/db.js';
import { DeadlineSweepService } from '../../src/modules/dossier/deadline-sweep.service.js';
import { DossierStore } from '../../src/modules/dossier/dossier-store.js';
import { RecentDossiers } from '../../src/modules/dossier/recent-dossiers.js';
import { actionsOf, receptionBody, useStaffApp } from '../helpers/staff.js';

// Actions on dossiers this process holds skip their read (RecentDossiers, ADR 0012). These tests hold the kept
// entry against what PostgreSQL has, and show that an entry another writer has overtaken is caught by the write.
const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));
const ctx = useStaffApp(clock);
const auth = ctx.auth;
const at = (iso: string): void => clock.set(new Date(iso));
const act = actionsOf(ctx, '/api/v1/dossiers');

async function receive(procedure = '1.004873') {
  const res = await ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).send(receptionBody(procedure));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Two dossiers' responses without what differs between them by construction (the id, the code). */
const comparable = (d: Record<string, unknown>) => ({ ...d, id: undefined, code: undefined, receipt: undefined, trackingUrl: undefined });

/** What a response says about the dossier itself: `userActions` belongs to whoever asked. */
const aboutTheDossier = (d: Record<string, unknown>) => ({ ...d, userActions: undefined });

/** The kept entry equals the stored row and timeline, and the response (reception's without its receipt) equals a fresh GET. */
async function expectKeptAsStored(response: Record<string, unknown> & { id: string; version: number }): Promise<void> {
  const { receipt: _receipt, ...d } = response;
  const kept = ctx.t.app.get(RecentDossiers).at(d.id, d.version);
  expect(kept, 'the dossier is kept at the version just written').toBeDefined();
  const stored = await ctx.t.app.get(Db).read(async (em) => ({
    row: await ctx.t.app.get(DossierStore).load(em, d.id),
    timeline: (await readEvents(em, d.id)).map(timelineEvent),
  }));
  expect(kept!.row).toEqual(stored.row);
  expect(kept!.timeline).toEqual(stored.timeline);
  // The GET is last: it keeps what it read, which would hide a wrong entry from the comparisons above.
  expect(aboutTheDossier(d)).toEqual(aboutTheDossier((await ctx.t.http().get(`/api/v1/dossiers/${d.id}`).set(auth('ql'))).body));
}

describe('recently written dossiers kept for their next action', () => {
  it('after every action of the supplement, payment, apology and denial paths, the kept dossier is the stored one, and the responses are those of actions that read', async () => {
    at('2026-03-02T08:00:00+07:00');
    const recent = ctx.t.app.get(RecentDossiers);
    let d = await receive('1.009994');
    // A twin dossier whose entry is dropped before each action, so that each of its actions reads it.
    let o = await receive('1.009994');
    expect(comparable(d)).toEqual(comparable(o));
    const steps: [string, string, Record<string, unknown>, string?][] = [
      ['tn', 'request_payment', { amount: 50000 }],
      ['tn', 'confirm_payment', { online: true }, '2026-03-02T10:00:00+07:00'],
      ['tn', 'complete_step', { note: 'Chuyển Kinh tế' }],
      ['kt', 'request_supplement', { items: ['Bản vẽ thiết kế'] }, '2026-03-03T08:00:00+07:00'],
      ['tn', 'receive_supplement', {}, '2026-03-05T08:00:00+07:00'],
      ['kt', 'issue_apology', { reason: 'Cần xác minh thực địa', newDueAt: '2026-03-27T16:00:00+07:00' }, '2026-03-18T09:00:00+07:00'],
      ['kt', 'complete_step', {}],
      ['ld', 'approve', { outcome: 'denied', reason: 'Không phù hợp quy hoạch' }],
      ['tn', 'return_result', {}],
    ];
    await expectKeptAsStored(d);
    for (const [who, action, extra, when] of steps) {
      if (when) at(when);
      d = await act(who as 'tn', d, action, extra);
      await expectKeptAsStored(d);
      recent.forget(o.id, o.version);
      o = await act(who as 'tn', o, action, extra);
      expect(comparable(d)).toEqual(comparable(o));
    }
    expect(d).toMatchObject({ status: 'denied', outcome: 'denied', allowedActions: [], apologies: [{ reason: 'Cần xác minh thực địa' }] });
    expect(d.returnedAt).not.toBeNull();
  });

  it('an entry overtaken by another writer (the sweep) gets VERSION_CONFLICT and writes nothing; the current version then succeeds', async () => {
    at('2026-03-02T08:00:00+07:00');
    let d = await receive();
    d = await act('tn', d, 'complete_step');
    // The sweep writes through its own transaction, as a worker process would: the kept entry is now stale.
    at('2026-03-06T09:00:00+07:00');
    expect((await ctx.t.app.get(DeadlineSweepService).sweep()).markedOverdue).toBeGreaterThanOrEqual(1);
    expect(ctx.t.app.get(RecentDossiers).at(d.id, d.version)).toBeDefined();
    const stale = await act('cv', d, 'complete_step', {}, 409);
    expect(stale.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { expectedVersion: d.version, currentVersion: d.version + 1 } });
    expect(ctx.t.app.get(RecentDossiers).at(d.id, d.version), 'the stale entry is dropped').toBeUndefined();
    const audit = await ctx.t.http().get(`/api/v1/dossiers/${d.id}/audit`).set(auth('ql'));
    expect(audit.body, JSON.stringify(audit.body)).toMatchObject({ valid: true, events: 3 });
    d = await act('cv', { id: d.id, version: d.version + 1 }, 'complete_step');
    expect(d.timeline.map((e: { action: string }) => e.action)).toEqual(['receive', 'complete_step', 'deadline_passed', 'complete_step']);
    expect(d.condition).toBe('overdue');
    await expectKeptAsStored(d);
  });

  it('a rating written beside the kept entry comes back with the next write, not from the entry', async () => {
    at('2026-03-02T08:00:00+07:00');
    let d = await receive();
    d = await act('tn', d, 'complete_step');
    // No action follows a rating in a real centre; a direct write of the columns stands in for one made elsewhere.
    await ctx.t.app.get(Db).tx((em) => em.query(`UPDATE dossier SET rating = 'satisfied', rating_comment = 'Tốt', rated_at = now() WHERE id = $1`, [d.id]));
    d = await act('cv', d, 'complete_step');
    expect(d.rating).toMatchObject({ level: 'satisfied', comment: 'Tốt' });
    await expectKeptAsStored(d);
  });
});

describe('RecentDossiers', () => {
  const row = (id: string, version: number) => ({ id, version }) as never;

  it('answers only at the exact version, keeps the newer of two, forgets only the version that failed, evicts the least recently used', () => {
    const r = new RecentDossiers(2);
    r.remember(row('a', 2), []);
    expect(r.at('a', 2)).toBeDefined();
    expect(r.at('a', 1)).toBeUndefined();
    expect(r.at('a', 3)).toBeUndefined();
    r.remember(row('a', 1), []);
    expect(r.at('a', 2), 'an older read does not replace a newer write').toBeDefined();
    r.forget('a', 1);
    expect(r.at('a', 2)).toBeDefined();
    r.forget('a', 2);
    expect(r.at('a', 2)).toBeUndefined();

    r.remember(row('a', 1), []);
    r.remember(row('b', 1), []);
    r.at('a', 1);
    r.remember(row('c', 1), []);
    expect(r.size).toBe(2);
    expect(r.at('b', 1), 'b was the least recently used').toBeUndefined();
    expect(r.at('a', 1)).toBeDefined();
    expect(r.at('c', 1)).toBeDefined();
  });

  it('keeps nothing with capacity 0', () => {
    const r = new RecentDossiers(0);
    r.remember(row('a', 1), []);
    expect(r.size).toBe(0);
    expect(r.at('a', 1)).toBeUndefined();
  });
});
