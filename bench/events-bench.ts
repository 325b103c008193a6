import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventSource } from 'eventsource';
import pg from 'pg';
import { load, RECEPTION, staff, startServer } from './dossier-bench.js';
import { log } from './log.js';

/**
 * Live updates (issue 23): 500 staff pages hold `GET /api/v1/events` open on two API processes behind one Redis;
 * actions on one process reach every page on both. Printed: the time from sending an action to each page receiving
 * its event (p50/p95 over every page and action: the commit, the PUBLISH, the fan-out), and the processes' extra
 * memory for the open streams. Targets: p95 ≤ 1 s; ≤ 50 MB extra memory.
 */
const CLIENTS = Number(process.env.BENCH_EVENT_CLIENTS ?? 500);
const ACTIONS = Number(process.env.BENCH_EVENT_ACTIONS ?? 100);
/** A busy centre's pace, not a storm: one action every 50 ms. */
const GAP_MS = 50;

export async function benchEvents(baseUrl: string): Promise<void> {
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const name = `mc_bench_events_${Date.now()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = '/' + name;
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-bench-events-'));
  const env = {
    DATABASE_URL: url.toString(),
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `mcbench${Date.now()}`,
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    DATA_DIR: dataDir,
  };
  const servers = [await startServer(env), await startServer(env)];
  const streams: EventSource[] = [];
  try {
    const tk = await staff(servers[0].base);
    const ids: string[] = new Array(ACTIONS);
    await load(servers[0].base, ACTIONS, async (conn, i) => {
      const res = await conn.post('/api/v1/dossiers', tk.tn, RECEPTION);
      if (res.status !== 201) throw new Error(`reception: ${res.status} ${res.body.toString()}`);
      ids[i] = (JSON.parse(res.body.toString()) as { id: string }).id;
    });
    await new Promise((r) => setTimeout(r, 1000));
    const before = servers.map((s) => s.rssMb());

    // Each page: when it heard of each dossier's second version.
    const heard: Map<string, number>[] = [];
    let open = 0;
    await new Promise<void>((resolve, reject) => {
      for (let c = 0; c < CLIENTS; c++) {
        const seen = new Map<string, number>();
        heard.push(seen);
        const token = c % 3 === 0 ? tk.tn : c % 3 === 1 ? tk.cv : tk.ld;
        const es = new EventSource(`${servers[c % 2].base}/api/v1/events`, {
          fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, Authorization: `Bearer ${token}` } }),
        });
        es.onopen = () => ++open === CLIENTS && resolve();
        es.onerror = (e) => open < CLIENTS && reject(new Error(`stream ${c}: ${e.message ?? e.code}`));
        es.onmessage = (m) => {
          const change = JSON.parse(m.data) as { id: string; version: number };
          if (change.version === 2) seen.set(change.id, performance.now());
        };
        streams.push(es);
      }
    });
    await new Promise((r) => setTimeout(r, 1000));
    const connected = servers.map((s) => s.rssMb());

    const sent = new Map<string, number>();
    for (const id of ids) {
      sent.set(id, performance.now());
      const res = await fetch(`${servers[0].base}/api/v1/dossiers/${id}/actions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tk.tn}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ action: 'complete_step', expectedVersion: 1 }),
      });
      if (res.status !== 200) throw new Error(`action: ${res.status} ${await res.text()}`);
      await new Promise((r) => setTimeout(r, GAP_MS));
    }
    await new Promise((r) => setTimeout(r, 2000));
    const after = servers.map((s) => s.rssMb());

    const lat: number[] = [];
    let missing = 0;
    for (const seen of heard) {
      for (const [id, t] of sent) {
        const at = seen.get(id);
        if (at === undefined) missing++;
        else lat.push(at - t);
      }
    }
    lat.sort((a, b) => a - b);
    const q = (p: number): number => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))] ?? NaN;
    const extra = Math.max(...servers.map((_, i) => Math.max(connected[i], after[i]) - before[i]));
    const total = servers.reduce((n, _, i) => n + Math.max(connected[i], after[i]) - before[i], 0);
    log.log(
      `events: ${CLIENTS} pages on 2 API processes (Redis), ${ACTIONS} actions — action sent → event at every page p50 ${q(0.5).toFixed(0)} ms, ` +
        `p95 ${q(0.95).toFixed(0)} ms (target ≤ 1000 ms), ${missing} events missed; extra memory per process up to ${extra.toFixed(1)} MB, ` +
        `${total.toFixed(1)} MB for both (target ≤ 50 MB)`,
    );
  } finally {
    for (const es of streams) es.close();
    for (const s of servers) await s.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
