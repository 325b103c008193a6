import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { createStaff, receptionBody, type Tokens } from '../helpers/staff.js';
import { onRedis, startApp, testEnv, type TestApp, type TestEnv } from '../helpers/test-app.js';

/**
 * `GET /api/v1/events` (issue 23): committed changes reach the pages without polling, scoped like every read, and
 * from any API process to any other through Redis.
 */
const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));
let te: TestEnv;
let a: Omit<TestApp, 'close'>;
let base: string;
let tk: Tokens;

beforeAll(async () => {
  te = await testEnv();
  a = await startApp(te, { clock });
  await a.app.listen(0, '127.0.0.1');
  base = await a.app.getUrl();
  tk = await createStaff({ ...a, close: async () => undefined });
});
afterAll(async () => {
  await a?.app.close();
  await te?.cleanup();
});

interface Heard {
  changes: Record<string, unknown>[];
  /** How many times the stream has opened (reconnections included). */
  opens(): number;
  opened: Promise<void>;
  close(): void;
  /** Waits until a change matching `pred` arrives (or fails after 5 s). */
  next(pred: (c: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

function listen(url: string, token: string): Heard {
  const changes: Record<string, unknown>[] = [];
  const waiters: { pred: (c: Record<string, unknown>) => boolean; resolve: (c: Record<string, unknown>) => void }[] = [];
  const es = new EventSource(`${url}/api/v1/events`, {
    fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, Authorization: `Bearer ${token}` } }),
  });
  let opens = 0;
  const opened = new Promise<void>((resolve, reject) => {
    es.onopen = () => {
      opens++;
      resolve();
    };
    es.onerror = (e) => (opens ? undefined : reject(new Error(`events: ${e.message ?? e.code}`)));
  });
  es.onmessage = (m) => {
    const c = JSON.parse(m.data) as Record<string, unknown>;
    changes.push(c);
    for (const w of waiters.filter((x) => x.pred(c))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(c);
    }
  };
  return {
    changes,
    opens: () => opens,
    opened,
    close: () => es.close(),
    next: (pred) => {
      const seen = changes.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ pred, resolve });
        setTimeout(() => reject(new Error('no matching event within 5 s')), 5000);
      });
    },
  };
}

async function receive(app: Omit<TestApp, 'close'>) {
  const res = await app.http().post('/api/v1/dossiers').set('Authorization', `Bearer ${tk.tn}`).send(receptionBody());
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('live events', () => {
  it('needs a login, like every staff route', async () => {
    const res = await fetch(`${base}/api/v1/events`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('UNAUTHORIZED');
  });

  it('tells the commune’s staff of each committed change, and nobody outside the commune', async () => {
    const manager = listen(base, tk.ql);
    const province = listen(base, tk.tinh);
    const other = listen(base, tk.tn2);
    await Promise.all([manager.opened, province.opened, other.opened]);
    const d = await receive(a);
    expect(await manager.next((c) => c.id === d.id)).toEqual({
      kind: 'dossier',
      id: d.id,
      code: d.code,
      status: 'received',
      version: 1,
      condition: 'on_time',
      agencyCode: 'LS.LOCBINH',
      stepOwnerCode: 'LS.LOCBINH.TTPVHCC',
    });
    const moved = await a
      .http()
      .post(`/api/v1/dossiers/${d.id}/actions`)
      .set('Authorization', `Bearer ${tk.tn}`)
      .send({ action: 'complete_step', expectedVersion: 1 });
    expect(moved.status).toBe(200);
    expect(await manager.next((c) => c.id === d.id && c.version === 2)).toMatchObject({ status: 'processing', stepOwnerCode: 'LS.LOCBINH.VP' });
    expect(await province.next((c) => c.id === d.id && c.version === 2)).toMatchObject({ code: d.code });
    // A refused action (stale version) changes nothing and tells nobody.
    const stale = await a
      .http()
      .post(`/api/v1/dossiers/${d.id}/actions`)
      .set('Authorization', `Bearer ${tk.cv}`)
      .send({ action: 'complete_step', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    const fb = await a
      .http()
      .post('/api/v1/feedback')
      .set('Authorization', `Bearer ${tk.tn}`)
      .send({
        agencyCode: 'LS.LOCBINH',
        channel: 'phone',
        sender: { fullName: 'Trần Văn Bảy' },
        subject: 'Đèn đường hỏng',
        body: 'Đèn đường thôn Nà Lai hỏng đã một tuần.',
        about: 'other',
      });
    expect(fb.status, JSON.stringify(fb.body)).toBe(201);
    expect(await manager.next((c) => c.id === fb.body.id)).toMatchObject({
      kind: 'feedback',
      code: fb.body.code,
      status: 'received',
      agencyCode: 'LS.LOCBINH',
    });
    expect(manager.changes.filter((c) => c.id === d.id).map((c) => c.version)).toEqual([1, 2]);
    expect(other.changes).toEqual([]);
    for (const h of [manager, province, other]) h.close();
  });

  it.skipIf(!onRedis)('reaches a client of another API process through Redis (several processes behind one Redis)', async () => {
    // Without Redis there is one process by design (embedded mode locks its data directory), so nothing to cross.
    const b = await startApp(te, { clock });
    try {
      await b.app.listen(0, '127.0.0.1');
      const heard = listen(await b.app.getUrl(), tk.ql);
      await heard.opened;
      const d = await receive(a);
      expect(await heard.next((c) => c.id === d.id)).toMatchObject({ code: d.code, version: 1 });
      heard.close();
    } finally {
      await b.app.close();
    }
  });

  it('a client reconnects by itself after the server restarts, and hears changes again', async () => {
    const heard = listen(base, tk.ql);
    await heard.opened;
    const port = Number(new URL(base).port);
    await a.app.close();
    a = await startApp(te, { clock });
    await a.app.listen(port, '127.0.0.1');
    await expect.poll(() => heard.opens(), { timeout: 15_000 }).toBe(2);
    const d = await receive(a);
    expect(await heard.next((c) => c.id === d.id)).toMatchObject({ code: d.code });
    heard.close();
  }, 30_000);
});
