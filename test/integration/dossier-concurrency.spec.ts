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
        Array.from({ length: 50 }, () => ctx.t.http().post(`/api/v1/dossiers/${d.id}/actions`).set(auth('cv')).send({ action: 'complete_step', expectedVersion: 2 })),
      );
      expect(second.filter((r) => r.status === 200)).toHaveLength(1);
      expect(second.filter((r) => r.status === 409)).toHaveLength(49);
    }
    const final = (await ctx.t.http().get(`/api/v1/dossiers/${d.id}`).set(auth('ql'))).body;
    expect(final.timeline.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: final.version }, (_, i) => i + 1));
    const audit = (await ctx.t.http().get(`/api/v1/dossiers/${d.id}/audit`).set(auth('ql'))).body;
    expect(audit).toMatchObject({ valid: true, events: final.version });
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
