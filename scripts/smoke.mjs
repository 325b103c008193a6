#!/usr/bin/env node
// Starts the BUILT server (node dist/main.js), as an operator would: vitest hides ESM start-up errors
// that only the compiled app shows. Prints each check and a closing "N passed, N failed" line.
//   node scripts/smoke.mjs                 embedded mode only
//   SMOKE_DATABASE_URL=... SMOKE_REDIS_URL=... node scripts/smoke.mjs    also PostgreSQL + Redis
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

let passed = 0;
let failed = 0;
const procs = [];
const check = (name, ok, detail = '') => {
  if (ok) passed++;
  else failed++;
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail && !ok ? ' — ' + detail : ''}\n`);
};

function start(entry, env) {
  const p = spawn(process.execPath, [entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  p.log = '';
  p.stdout.on('data', (d) => (p.log += d));
  p.stderr.on('data', (d) => (p.log += d));
  // Nest re-raises SIGTERM after its shutdown hooks, so a clean stop ends "by SIGTERM".
  p.exited = new Promise((r) => p.on('exit', (code, signal) => r(code ?? signal)));
  procs.push(p);
  return p;
}
async function stop(p) {
  p.kill('SIGTERM');
  const t = setTimeout(() => p.kill('SIGKILL'), 10_000);
  const code = await p.exited;
  clearTimeout(t);
  return code;
}
async function waitHealth(port, want = 200, ms = 60_000) {
  const until = Date.now() + ms;
  let last;
  while (Date.now() < until) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      last = { status: r.status, body: await r.json() };
      if (r.status === want) return last;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return last ?? { status: 0, body: null };
}
async function api(port, method, path, body, token) {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, body: await r.json().catch(() => null) };
}

async function embedded() {
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-smoke-'));
  const env = { DATA_DIR: dataDir, ADMIN_PASSWORD: 'smoke-admin-1', PORT: '3901', DATABASE_URL: '', REDIS_URL: '' };
  try {
    let p = start('dist/main.js', env);
    const h = await waitHealth(3901);
    check('embedded: built server starts and /health is 200', h.status === 200, JSON.stringify(h.body));
    const login = await api(3901, 'POST', '/api/v1/auth/login', { username: 'admin', password: 'smoke-admin-1' });
    check('embedded: admin logs in', login.status === 200);
    const created = await api(
      3901,
      'POST',
      '/api/v1/users',
      { username: 'smoke.user', fullName: 'Kiểm thử', password: 'smoke-pass-1', roles: ['reception'], agencyCode: 'LS.LOCBINH.TTPVHCC' },
      login.body?.accessToken,
    );
    check('embedded: admin creates a user', created.status === 201, String(created.status));
    const stopped = await stop(p);
    check('embedded: stops cleanly on SIGTERM', stopped === 0 || stopped === 'SIGTERM', String(stopped));
    p = start('dist/main.js', { ...env, ADMIN_PASSWORD: '' });
    check('embedded: restarts on the same data', (await waitHealth(3901)).status === 200);
    const again = await api(3901, 'POST', '/api/v1/auth/login', { username: 'smoke.user', password: 'smoke-pass-1' });
    check('embedded: data survived the restart', again.status === 200);
    const d = await api(
      3901,
      'POST',
      '/api/v1/dossiers',
      { procedureCode: '1.004873', agencyCode: 'LS.LOCBINH', channel: 'direct', applicant: { fullName: 'Nguyễn Văn An', idNumber: '020090001234' } },
      again.body?.accessToken,
    );
    check(
      'embedded: a dossier is received with a code and an appointment',
      d.status === 201 && /^000\.21\.37\.H37-\d{6}-\d{4}$/.test(d.body?.code ?? '') && Boolean(d.body?.dueAt),
      JSON.stringify(d.body).slice(0, 300),
    );
    const tracked = await api(3901, 'GET', `/api/v1/public/dossiers/${d.body?.code}`);
    check(
      'embedded: the citizen tracks it by code, name masked',
      tracked.status === 200 && tracked.body?.applicantName === 'Nguyễn V** A*',
      JSON.stringify(tracked.body).slice(0, 300),
    );
    await stop(p);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgres(baseUrl, redisUrl) {
  const name = `mc_smoke_${process.pid}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = '/' + name;
  const env = {
    DATABASE_URL: url.toString(),
    REDIS_URL: redisUrl,
    JWT_SECRET: 'smoke-secret-0123456789-0123456789-xx',
    ADMIN_PASSWORD: 'smoke-admin-1',
    QUEUE_PREFIX: `mcsmoke${process.pid}`,
  };
  try {
    // Two API processes and a worker start at once against one empty database: migrations must not race.
    const a = start('dist/main.js', { ...env, PORT: '3902' });
    const b = start('dist/main.js', { ...env, PORT: '3903' });
    const w = start('dist/worker.js', env);
    const [ha, hb] = await Promise.all([waitHealth(3902), waitHealth(3903)]);
    check('postgres: two API processes start together on one empty database', ha.status === 200 && hb.status === 200, a.log.slice(-300) + b.log.slice(-300));
    check(
      'postgres: /health reports database and Redis up',
      ha.body?.checks?.database?.status === 'up' && ha.body?.checks?.redis?.status === 'up',
      JSON.stringify(ha.body),
    );
    const login = await api(3902, 'POST', '/api/v1/auth/login', { username: 'admin', password: 'smoke-admin-1' });
    const other = await api(3903, 'GET', '/api/v1/users', undefined, login.body?.accessToken);
    check('postgres: a token from one process is accepted by the other', login.status === 200 && other.status === 200);
    await new Promise((r) => setTimeout(r, 1500));
    check('postgres: the worker is running', w.exitCode === null, w.log.slice(-300));
    const token = login.body?.accessToken;
    await api(
      3902,
      'POST',
      '/api/v1/users',
      { username: 'smoke.tn', fullName: 'Tiếp nhận', password: 'smoke-pass-1', roles: ['reception'], agencyCode: 'LS.LOCBINH.TTPVHCC' },
      token,
    );
    const tn = (await api(3903, 'POST', '/api/v1/auth/login', { username: 'smoke.tn', password: 'smoke-pass-1' })).body?.accessToken;
    const d = await api(
      3902,
      'POST',
      '/api/v1/dossiers',
      {
        procedureCode: '1.004873',
        agencyCode: 'LS.LOCBINH',
        channel: 'online',
        applicant: { fullName: 'Nguyễn Văn An', idNumber: '020090001234', email: 'an@example.vn' },
      },
      tn,
    );
    const acted = await api(3903, 'POST', `/api/v1/dossiers/${d.body?.id}/actions`, { action: 'complete_step', expectedVersion: 1 }, tn);
    check(
      'postgres: received on one process, moved on the other',
      d.status === 201 && acted.status === 200 && acted.body?.version === 2,
      JSON.stringify(acted.body).slice(0, 300),
    );
    let delivered = null;
    for (let i = 0; i < 100 && !delivered; i++) {
      const n = await api(3902, 'GET', `/api/v1/notifications?dossier=${d.body?.id}`, undefined, token);
      if (n.body?.items?.length >= 2) delivered = n.body.items;
      else await new Promise((r) => setTimeout(r, 200));
    }
    check('postgres: the worker delivers the outbox (applicant and staff notifications)', Boolean(delivered), w.log.slice(-300));
    await Promise.all([stop(a), stop(b), stop(w)]);
    // Redis down: the API still starts, and /health says 503 naming Redis.
    const c = start('dist/main.js', { ...env, PORT: '3904', REDIS_URL: 'redis://127.0.0.1:1' });
    const hc = await waitHealth(3904, 503);
    check('postgres: Redis unreachable → /health 503 naming redis', hc.status === 503 && hc.body?.checks?.redis?.status === 'down', JSON.stringify(hc.body));
    await stop(c);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

try {
  await embedded();
  if (process.env.SMOKE_DATABASE_URL) await postgres(process.env.SMOKE_DATABASE_URL, process.env.SMOKE_REDIS_URL || 'redis://127.0.0.1:6379');
} catch (e) {
  check('smoke run', false, e?.stack ?? String(e));
} finally {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
