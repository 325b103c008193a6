import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineSweepService } from '../../src/modules/dossier/deadline-sweep.service.js';
import { createStaff, receptionBody, type Tokens } from '../helpers/staff.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** Issue 25: what an operator watches, in Prometheus's format at /metrics, behind a token when one is configured. */
describe('/metrics', () => {
  let t: TestApp;
  let tk: Tokens;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: 'scrape-token-0123456789' });
    tk = await createStaff(t);
  });
  afterAll(() => t?.close());

  it('needs the configured token', async () => {
    expect((await t.http().get('/metrics')).status).toBe(403);
    expect((await t.http().get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789')).status).toBe(403);
    expect((await t.http().get('/metrics').set('Authorization', 'Bearer scrape-token-0123456789')).status).toBe(200);
  });

  it('counts requests by route and status, actions, receptions, the sweep, the outbox and the pool', async () => {
    const auth = { Authorization: `Bearer ${tk.tn}` };
    const d = (await t.http().post('/api/v1/dossiers').set(auth).send(receptionBody())).body;
    await t.http().post(`/api/v1/dossiers/${d.id}/actions`).set(auth).send({ action: 'complete_step', expectedVersion: d.version }).expect(200);
    await t.http().get('/api/v1/dossiers/not-a-dossier').set(auth).expect(404);
    await t.app.get(DeadlineSweepService).sweep();
    const res = await t.http().get('/metrics').set('Authorization', 'Bearer scrape-token-0123456789');
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.text;
    const value = (line: RegExp): number =>
      Number(
        text
          .split('\n')
          .find((l) => line.test(l))
          ?.split(' ')
          .pop(),
      );
    expect(value(/^motcua_dossier_receptions_total\{channel="direct"\}/)).toBe(1);
    expect(value(/^motcua_dossier_actions_total\{action="complete_step"\}/)).toBe(1);
    expect(value(/^motcua_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/dossiers",status="201"\}/)).toBe(1);
    expect(value(/^motcua_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/dossiers\/:id",status="404"\}/)).toBe(1);
    expect(value(/^motcua_sweep_duration_seconds_count /)).toBeGreaterThanOrEqual(1);
    // The reception's message to the applicant waits in the outbox (or was delivered): the gauges answer either way.
    expect(value(/^motcua_outbox_backlog /)).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^motcua_outbox_oldest_age_seconds /m);
    expect(text).toMatch(/^motcua_process_heap_bytes|^motcua_process_nodejs_heap_size_used_bytes /m);
  });
});
