#!/usr/bin/env node
// Runs the vitest suite and ends with the plain line "N passed, N failed[, N skipped]" that CI reads.
// Embedded mode by default; set TEST_DATABASE_URL (and TEST_REDIS_URL) to run against PostgreSQL (and Redis).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

// The browser journeys open the web application the server serves from dist/web: build it first (about 2 s).
const web = spawnSync('npx', ['vite', 'build', 'web', '--logLevel', 'warn'], { stdio: 'inherit', env: process.env });
if (web.status !== 0) {
  process.stdout.write('0 passed, 1 failed\n');
  process.exit(1);
}

const out = process.env.MC_RESULT_FILE || '.vitest-result.json';
rmSync(out, { force: true });
const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: process.env,
});
if (!existsSync(out)) {
  process.stdout.write('0 passed, 1 failed\n');
  process.exit(r.status || 1);
}
const res = JSON.parse(readFileSync(out, 'utf8'));
// A file that failed to load has no tests but counts as a failure.
const brokenFiles = (res.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
const failed = res.numFailedTests + brokenFiles;
const skipped = res.numPendingTests + (res.numTodoTests ?? 0);
process.stdout.write(`${res.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 || r.status ? 1 : 0);
