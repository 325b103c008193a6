import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { projectRoot } from '../src/common/project-root.js';
import { PATH, RECEPTION, type Server, staff, startServer, times } from './dossier-bench.js';
import { BenchConnection, jsonOf } from './http-client.js';
import { log } from './log.js';

/**
 * `npm run bench:compare -- <other checkout>`: this checkout's built server against another checkout's (both built),
 * on PostgreSQL over real HTTP at 16 clients, in alternating slices of 100 dossiers' actions (A B B A …), each
 * server idle while the other runs. Prints the server's CPU per action and the actions per second of each.
 * Why slices: this machine's speed changes by a quarter within minutes, so whole `npm run bench` runs of two builds
 * differ more by when they ran than by what they run; slices of a second put both builds through the same phases.
 */
const SLICES = Number(process.env.BENCH_COMPARE_SLICES ?? 30);
const PER_SLICE = 100;
const other = process.argv[2];
// Optional: the other side's Node.js binary (the same checkout on another runtime: `npm run bench:compare -- . <node>`).
const otherNode = process.argv[3] ?? process.execPath;
if (!other) {
  log.error('usage: npm run bench:compare -- <path of another built checkout> [<node binary for it>]');
  process.exit(2);
}

/** The server process's CPU time so far, in milliseconds (clock ticks of 10 ms). */
const cpuMs = (server: Server): number => times(server.child.pid!).reduce((a, b) => a + b) * 10;

interface Side {
  label: string;
  server: Server;
  db: string;
  dataDir: string;
  tk: Record<'tn' | 'cv' | 'ld', string>;
  cpu: number[];
  rate: number[];
}

/** Receives PER_SLICE dossiers (not measured), then walks each through PATH; returns [CPU ms per action, actions/s]. */
async function slice(side: Side): Promise<[number, number]> {
  const conns = await Promise.all(Array.from({ length: 16 }, () => BenchConnection.open(side.server.base)));
  try {
    const ids: string[] = [];
    await Promise.all(
      conns.map(async (c) => {
        while (ids.length < PER_SLICE) {
          const r = await c.post('/api/v1/dossiers', side.tk.tn, RECEPTION);
          if (r.status !== 201) throw new Error(`reception → ${r.status} ${r.body.toString()}`);
          ids.push(jsonOf(r).id as string);
        }
      }),
    );
    let next = 0;
    let count = 0;
    const cpu0 = cpuMs(side.server);
    const t0 = performance.now();
    await Promise.all(
      conns.map(async (c) => {
        for (let d = next++; d < ids.length; d = next++) {
          for (let v = 0; v < PATH.length; v++) {
            const [who, body] = PATH[v];
            const r = await c.post(`/api/v1/dossiers/${ids[d]}/actions`, side.tk[who], { ...body, expectedVersion: v + 1 });
            if (r.status !== 200) throw new Error(`${String(body.action)} → ${r.status} ${r.body.toString()}`);
            count++;
          }
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    return [(cpuMs(side.server) - cpu0) / count, count / secs];
  } finally {
    conns.forEach((c) => c.close());
  }
}

const median = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1];
const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;

async function main(): Promise<void> {
  const baseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://motcua:motcua@127.0.0.1:5432/motcua';
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const sides: Side[] = [];
  try {
    const builds: [string, string][] = [
      [projectRoot(), process.execPath],
      [resolve(other), otherNode],
    ];
    for (const [i, [checkout, node]] of builds.entries()) {
      const db = `mc_compare_${Date.now()}_${i}`;
      await admin.query(`CREATE DATABASE ${db}`);
      const url = new URL(baseUrl);
      url.pathname = '/' + db;
      const dataDir = mkdtempSync(join(tmpdir(), 'motcua-compare-'));
      const server = await startServer(
        { DATABASE_URL: url.toString(), JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789', DATA_DIR: dataDir, REDIS_URL: '' },
        checkout,
        node,
      );
      sides.push({
        label: `${checkout} (Node.js ${node === process.execPath ? process.version : node})`,
        server,
        db,
        dataDir,
        tk: await staff(server.base),
        cpu: [],
        rate: [],
      });
    }
    for (let s = 0; s < SLICES; s++) {
      for (const side of s % 2 ? [...sides].reverse() : sides) {
        const [cpu, rate] = await slice(side);
        // The first two slices warm each server's JIT up; they are not counted.
        if (s >= 2) {
          side.cpu.push(cpu);
          side.rate.push(rate);
        }
      }
    }
    for (const side of sides) {
      log.log(
        `${side.label}: server CPU per action median ${median(side.cpu).toFixed(3)} ms (mean ${mean(side.cpu).toFixed(3)}); actions/s median ${median(side.rate).toFixed(0)} (mean ${mean(side.rate).toFixed(0)})`,
      );
    }
    const [a, b] = sides;
    const less = a.cpu.filter((c, i) => c < b.cpu[i]).length;
    log.log(`${a.label} used less CPU per action in ${less} of ${a.cpu.length} slices (${SLICES - 2} × ${PER_SLICE * PATH.length} actions each side)`);
  } finally {
    for (const side of sides) await side.server.stop();
    for (const side of sides) {
      await admin.query(`DROP DATABASE IF EXISTS ${side.db} WITH (FORCE)`);
      rmSync(side.dataDir, { recursive: true, force: true });
    }
    await admin.end();
  }
}

await main();
