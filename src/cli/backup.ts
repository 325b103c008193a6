/* eslint-disable no-console -- a command-line tool: where the backup went is its output */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { backupRequestFile, defaultBackupDir, writeBackup } from '../database/embedded-backup.js';
import { lockEmbeddedDatabase } from '../database/embedded-lock.js';

/**
 * `npm run backup -- [folder]`: a consistent copy of the embedded database and its keys. While the server runs (it
 * holds the database), the server writes it, asked by a signal; otherwise this process opens the database itself.
 * PostgreSQL deployments use pg_dump (README).
 */
const config = loadConfig();
if (config.database.kind !== 'embedded') {
  console.error('Máy chủ dùng PostgreSQL (DATABASE_URL): sao lưu bằng pg_dump theo hướng dẫn trong README.');
  process.exit(1);
}
const pgDir = config.database.dataDir;
const to = resolve(process.argv[2] ?? defaultBackupDir(config.dataDir));
if (existsSync(join(to, 'pg.tar.gz'))) {
  console.error(`${to} đã có bản sao lưu.`);
  process.exit(1);
}

const holder = (() => {
  try {
    const pid = Number(readFileSync(`${pgDir}.lock`, 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
})();

if (holder !== null) {
  // The running server writes it: only it may read the database's files while it runs.
  rmSync(join(to, 'error.txt'), { force: true });
  writeFileSync(backupRequestFile(config.dataDir), JSON.stringify({ to }));
  process.kill(holder, 'SIGUSR2');
  const end = Date.now() + 300_000;
  while (Date.now() < end) {
    if (existsSync(join(to, 'manifest.json'))) {
      console.log(`Đã sao lưu (máy chủ ${holder} đang chạy ghi): ${to}`);
      process.exit(0);
    }
    if (existsSync(join(to, 'error.txt'))) {
      console.error(`Sao lưu thất bại: ${readFileSync(join(to, 'error.txt'), 'utf8')}`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  console.error(`Máy chủ ${holder} không trả lời yêu cầu sao lưu trong 5 phút.`);
  process.exit(1);
}

try {
  const release = lockEmbeddedDatabase(pgDir);
  try {
    const db = new PGlite({ dataDir: pgDir });
    await writeBackup(config.dataDir, to, (work) => work(), db);
    await db.close();
  } finally {
    release();
  }
  console.log(`Đã sao lưu: ${to}`);
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : `Sao lưu thất bại: ${(e as Error).message}`);
  process.exit(1);
}
