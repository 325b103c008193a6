import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { projectRoot } from '../src/common/project-root.js';
import { load, RECEPTION, staff, startServer } from './dossier-bench.js';
import { log } from './log.js';

/**
 * The web application's figures (issue 22): the inbox and the dossier page's API calls for a commune with 10,000 open
 * dossiers (p50/p95, 16 clients at once), and the JavaScript the first page loads. Targets: p95 ≤ 50 ms; ≤ 300 kB
 * gzipped.
 */
const OPEN = Number(process.env.BENCH_WEB_OPEN ?? 10_000);

/** The entry script and the modules it preloads, as the browser fetches them for any first page, gzipped. */
export function initialJsKb(): { kb: number; files: number } {
  const dir = join(projectRoot(), 'dist', 'web');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const bytes = files.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f))).length, 0);
  return { kb: bytes / 1024, files: files.length };
}

export async function benchWeb(baseUrl: string): Promise<void> {
  const js = initialJsKb();
  log.log(`web: initial route's JavaScript ${js.kb.toFixed(0)} kB gzipped in ${js.files} file(s) (target ≤ 300 kB)`);

  const name = `mc_bench_web_${Date.now()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = '/' + name;
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-bench-web-'));
  const srv = await startServer({ DATABASE_URL: url.toString(), JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789', DATA_DIR: dataDir, REDIS_URL: '' });
  try {
    const tk = await staff(srv.base);
    // A commune's open work: every dossier received; half handed on to the office, so both inboxes are full.
    const ids: string[] = new Array(OPEN);
    await load(srv.base, OPEN, async (conn, i) => {
      const res = await conn.post('/api/v1/dossiers', tk.tn, { ...RECEPTION, applicant: { ...RECEPTION.applicant, fullName: `Nguyễn Văn ${i}` } });
      if (res.status !== 201) throw new Error(`reception: ${res.status} ${res.body.toString()}`);
      ids[i] = (JSON.parse(res.body.toString()) as { id: string }).id;
    });
    await load(srv.base, OPEN / 2, async (conn, i) => {
      const res = await conn.post(`/api/v1/dossiers/${ids[i]}/actions`, tk.tn, { action: 'complete_step', expectedVersion: 1 });
      if (res.status !== 200) throw new Error(`complete_step: ${res.status} ${res.body.toString()}`);
    });
    const calls = 2000;
    const fig = (r: { p50: number; p95: number; perSec: number }) => `p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, ${Math.round(r.perSec)}/s`;
    // Twice: right after the burst that wrote 15,000 rows in seconds (the counts then check each row's visibility in
    // the table), and once autovacuum has passed, as it has on a commune's server between its receptions.
    for (const when of ['right after the writes', 'after VACUUM']) {
      if (when === 'after VACUUM') {
        const db = new pg.Client({ connectionString: url.toString() });
        await db.connect();
        await db.query('VACUUM ANALYZE dossier');
        await db.end();
      }
      for (const [who, label] of [
        [tk.cv, 'the office'],
        [tk.tn, 'the centre'],
      ] as const) {
        const inbox = await load(srv.base, calls, async (conn, i) => {
          const res = await conn.get(`/api/v1/dossiers/inbox?pageSize=20&page=${1 + (i % 5)}`, who);
          if (res.status !== 200) throw new Error(`inbox: ${res.status}`);
        });
        log.log(
          `web: inbox of ${label}, ${when} (${(OPEN / 2).toLocaleString('en')} of the commune's ${OPEN.toLocaleString('en')} open dossiers, 20 a page): ${fig(inbox)} (target p95 ≤ 50 ms)`,
        );
      }
    }
    const badge = await load(srv.base, calls, async (conn) => {
      const res = await conn.get('/api/v1/dossiers/inbox?pageSize=20&badge=warned&q=nguyen%20van%201', tk.cv);
      if (res.status !== 200) throw new Error(`inbox: ${res.status}`);
    });
    log.log(`web: inbox filtered and searched without diacritics: ${fig(badge)}`);
    const page = await load(srv.base, calls, async (conn, i) => {
      const res = await conn.get(`/api/v1/dossiers/${ids[(i * 7919) % OPEN]}`, tk.cv);
      if (res.status !== 200) throw new Error(`dossier: ${res.status}`);
    });
    log.log(`web: dossier page (one dossier with its timeline): ${fig(page)} (target p95 ≤ 50 ms)`);
  } finally {
    await srv.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
