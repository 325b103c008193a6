import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { isoUtc } from '../../src/common/vn-time.js';
import { Db } from '../../src/database/db.js';
import { canonicalJson } from '../../src/workflows/workflows-loader.js';
import { createStaff, receptionBody, secretOf, type Tokens } from '../helpers/staff.js';
import { startApp, testEnv, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 25, failure 10: the audit chain is keyed (an HMAC under a key outside the database), the events from before
 * are sealed, and the audit replays the events and compares the result with the row.
 */
type App = Omit<TestApp, 'close'>;

/** What someone with the database and without the key can do: rewrite events and recompute the chain in plain SHA-256. */
async function rewriteChain(app: App, dossierId: string, edit: (e: Record<string, unknown>) => void, opts: { dropKeyId: boolean }): Promise<void> {
  const db = app.app.get(Db);
  await db.tx(async (em) => {
    const events: Record<string, unknown>[] = await em.query('SELECT * FROM dossier_event WHERE dossier_id = $1 ORDER BY seq', [dossierId]);
    await em.query('ALTER TABLE dossier_event DISABLE TRIGGER dossier_event_no_change');
    let prev = '0'.repeat(64);
    for (const e of events) {
      edit(e);
      const body = canonicalJson({
        seq: e.seq,
        action: e.action,
        actorId: e.actor_id,
        actorName: e.actor_name,
        at: isoUtc(new Date(e.at as string)),
        from: e.from_status,
        to: e.to_status,
        payload: e.payload,
        note: e.note,
      });
      const h = hash('sha256', `${prev}\n${body}`, 'hex');
      await em.query('UPDATE dossier_event SET note = $3, prev_hash = $4, hash = $5, key_id = $6 WHERE dossier_id = $1 AND seq = $2', [
        dossierId,
        e.seq,
        e.note,
        prev,
        h,
        opts.dropKeyId ? null : e.key_id,
      ]);
      prev = h;
    }
    await em.query('ALTER TABLE dossier_event ENABLE TRIGGER dossier_event_no_change');
    await em.query('UPDATE dossier SET last_hash = $2 WHERE id = $1', [dossierId, prev]);
  });
}

describe('the keyed audit chain', () => {
  it('a rewritten and recomputed chain no longer verifies; edits of the row itself are found by the replay; sealed legacy events verify', async () => {
    const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));
    const te = await testEnv();
    let app: App = await startApp(te, { clock });
    try {
      const tk: Tokens = await createStaff({ ...app, close: async () => undefined });
      const auth = (who: keyof Tokens) => ({ Authorization: `Bearer ${tk[who]}` });
      const audit = async (id: string) => (await app.http().get(`/api/v1/dossiers/${id}/audit`).set(auth('ql'))).body;
      const act = async (d: { id: string; version: number }, who: keyof Tokens, action: string, extra = {}) => {
        const res = await app
          .http()
          .post(`/api/v1/dossiers/${d.id}/actions`)
          .set(auth(who))
          .send({ action, expectedVersion: d.version, ...extra });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return res.body;
      };
      const receive = async () => (await app.http().post('/api/v1/dossiers').set(auth('tn')).send(receptionBody())).body;

      // 1. Rewriting an event and recomputing the rest (without the key) is found at the event rewritten.
      let a = await receive();
      a = await act(a, 'tn', 'complete_step');
      a = await act(a, 'cv', 'complete_step', { note: 'Hồ sơ đầy đủ' });
      const first = await audit(a.id);
      expect(first, JSON.stringify(first)).toMatchObject({ valid: true, events: 3, rowProblems: [] });
      await rewriteChain(app, a.id, (e) => (e.seq === 3 ? (e.note = 'Hồ sơ thiếu giấy tờ') : undefined), { dropKeyId: false });
      expect(await audit(a.id)).toMatchObject({ valid: false, brokenAt: 1 });
      // Passing the events off as written before the chain was keyed does not help: they are not under a seal.
      await rewriteChain(app, a.id, () => undefined, { dropKeyId: true });
      expect(await audit(a.id)).toMatchObject({ valid: false, brokenAt: 1, problem: expect.stringContaining('niêm phong') });

      // 2. Edits of the row itself: the due date, the condition, the applicant's ID number, the rating.
      const db = app.app.get(Db);
      const edits: [string, string, string][] = [
        ['the due date', `UPDATE dossier SET due_at = due_at + interval '3 days', original_due_at = original_due_at + interval '3 days' WHERE id = $1`, 'hạn'],
        ['the condition', `UPDATE dossier SET condition = 'apologized' WHERE id = $1`, 'tình trạng hạn'],
        ['the ID number', `UPDATE dossier SET applicant = jsonb_set(applicant, '{idNumber}', '"020099999999"') WHERE id = $1`, 'người nộp'],
      ];
      for (const [what, sql, problem] of edits) {
        const d = await act(await receive(), 'tn', 'complete_step');
        expect((await audit(d.id)).valid, what).toBe(true);
        await db.tx((em) => em.query(sql, [d.id]));
        const r = await audit(d.id);
        expect(r.valid, what).toBe(false);
        expect(r.rowProblems.join(' | '), what).toContain(problem);
      }
      // The rating is an event of the chain: the rating given verifies, one edited in the row does not.
      let r = await receive();
      for (const [who, action, extra] of [
        ['tn', 'complete_step', {}],
        ['cv', 'complete_step', {}],
        ['ld', 'approve', { outcome: 'issued' }],
        ['tn', 'complete_step', {}],
        ['tn', 'return_result', {}],
      ] as const) {
        r = await act(r, who, action, extra);
      }
      const rated = await app
        .http()
        .post(`/api/v1/public/dossiers/${r.code}/rating`)
        .send({ secret: secretOf(r.trackingUrl), level: 'satisfied' });
      expect(rated.status, JSON.stringify(rated.body)).toBe(201);
      expect(await audit(r.id)).toMatchObject({ valid: true, events: 7, rowProblems: [] });
      await db.tx((em) => em.query(`UPDATE dossier SET rating = 'very_satisfied' WHERE id = $1`, [r.id]));
      expect((await audit(r.id)).rowProblems.join(' ')).toContain('đánh giá');

      // 3. A dossier whose events were hashed before the chain was keyed: sealed at the next start, then verified.
      const legacy = await act(await receive(), 'tn', 'complete_step');
      await rewriteChain(app, legacy.id, () => undefined, { dropKeyId: true });
      expect((await audit(legacy.id)).valid).toBe(false); // not sealed yet
      await app.app.close();
      app = await startApp(te, { clock });
      tk.ql = await app.login('t.ql', 'password-123');
      expect(await audit(legacy.id)).toMatchObject({ valid: true, events: 2 });
      // After the seal, rewriting the old events is found as well.
      await rewriteChain(app, legacy.id, (e) => (e.seq === 2 ? (e.note = 'sửa') : undefined), { dropKeyId: true });
      expect((await audit(legacy.id)).valid).toBe(false);
      // And the chain goes on keyed after the sealed part.
      const [{ key_id: kept }] = await app.app
        .get(Db)
        .statement<{ key_id: string | null }>('SELECT key_id FROM dossier_event WHERE dossier_id = $1 AND seq = 1', [legacy.id]);
      expect(kept).toBeNull();
    } finally {
      await app.app.close();
      await te.cleanup();
    }
  });
});
