import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { receptionBody, useStaffApp } from '../helpers/staff.js';

// Runs in both CI passes; on PostgreSQL the requests really overlap (a connection pool, row locks).
const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));
const ctx = useStaffApp(clock);
const auth = ctx.auth;

describe('concurrent receptions and actions', () => {
  it('50 receptions at once get 50 distinct consecutive codes', async () => {
    const res = await Promise.all(Array.from({ length: 50 }, () => ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).send(receptionBody())));
    expect(res.map((r) => r.status)).toEqual(Array(50).fill(201));
    const seqs = res.map((r) => Number(String(r.body.code).slice(-4))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('50 actions at once on one dossier: exactly one wins each version, the others get 409, the log has no gap', async () => {
    const d = (await ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).send(receptionBody())).body;
    // Half complete the step, half withdraw the dossier: only one of them may happen.
    const first = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        ctx.t
          .http()
          .post(`/api/v1/dossiers/${d.id}/actions`)
          .set(auth('tn'))
          .send(i % 2 ? { action: 'complete_step', expectedVersion: 1 } : { action: 'withdraw', reason: 'rút', expectedVersion: 1 }),
      ),
    );
    expect(first.filter((r) => r.status === 200)).toHaveLength(1);
    expect(first.filter((r) => r.status === 409 && r.body.error.code === 'VERSION_CONFLICT')).toHaveLength(49);

    const winner = first.find((r) => r.status === 200)!.body;
    if (winner.status !== 'withdrawn') {
      // Second round on version 2, by the office specialist who now owns the step.
      const second = await Promise.all(
        Array.from({ length: 50 }, () =>
          ctx.t.http().post(`/api/v1/dossiers/${d.id}/actions`).set(auth('cv')).send({ action: 'complete_step', expectedVersion: 2 }),
        ),
      );
      expect(second.filter((r) => r.status === 200)).toHaveLength(1);
      expect(second.filter((r) => r.status === 409)).toHaveLength(49);
    }
    const final = (await ctx.t.http().get(`/api/v1/dossiers/${d.id}`).set(auth('ql'))).body;
    expect(final.timeline.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: final.version }, (_, i) => i + 1));
    const audit = (await ctx.t.http().get(`/api/v1/dossiers/${d.id}/audit`).set(auth('ql'))).body;
    expect(audit).toMatchObject({ valid: true, events: final.version });
  });

  it('actions on many dossiers at once share statements, yet each dossier is judged alone', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).send(receptionBody())).body.id);
    // Each dossier gets two actions on version 1 (one may win) and, for every third one, a stale one on version 7.
    const sent = ids.flatMap((id, i) => [
      { id, body: { action: 'complete_step', expectedVersion: 1 } },
      { id, body: i % 2 ? { action: 'withdraw', reason: 'rút', expectedVersion: 1 } : { action: 'complete_step', expectedVersion: 1 } },
      ...(i % 3 === 0 ? [{ id, body: { action: 'complete_step', expectedVersion: 7 } }] : []),
    ]);
    const res = await Promise.all(sent.map((s) => ctx.t.http().post(`/api/v1/dossiers/${s.id}/actions`).set(auth('tn')).send(s.body)));
    for (const [i, id] of ids.entries()) {
      const mine = res.filter((_, k) => sent[k].id === id);
      expect(mine.filter((r) => r.status === 200)).toHaveLength(1);
      expect(mine.filter((r) => r.status === 409 && r.body.error.code === 'VERSION_CONFLICT')).toHaveLength(i % 3 === 0 ? 2 : 1);
      const won = mine.find((r) => r.status === 200)!.body;
      const stored = (await ctx.t.http().get(`/api/v1/dossiers/${id}`).set(auth('ql'))).body;
      // What the winner was told is what was written, for this dossier and no other.
      expect(stored).toMatchObject({ id, version: 2, status: won.status });
      expect(stored.timeline.map((e: { seq: number; action: string }) => [e.seq, e.action])).toEqual([
        [1, 'receive'],
        [2, won.timeline[1].action],
      ]);
      expect((await ctx.t.http().get(`/api/v1/dossiers/${id}/audit`).set(auth('ql'))).body).toMatchObject({ valid: true, events: 2 });
    }
  });

  it('a retried reception with the same Idempotency-Key creates one dossier', async () => {
    const send = () => ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).set('Idempotency-Key', 'reception-retry-1').send(receptionBody());
    const [a, b] = await Promise.all([send(), send()]);
    const ok = [a, b].filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    const c = await send();
    expect(c.status).toBe(201);
    expect(c.body.id).toBe(ok[0].body.id);
  });
});
