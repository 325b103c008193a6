import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { getPGliteInstance } from 'typeorm-pglite';
import { formatVn } from '../common/vn-time.js';
import { lockEmbeddedDatabase } from './embedded-lock.js';

/**
 * Backups of the embedded database (issue 25): a folder holding PGlite's data directory as a gzipped tar
 * (`pg.tar.gz`, PGlite's own dump), the keys kept beside the data and outside the database (`jwt-secret`, `audit-key`:
 * without the audit key no restored chain verifies), and a manifest. PostgreSQL deployments use pg_dump (README).
 */
export const KEY_FILES = ['jwt-secret', 'audit-key'];
const DUMP = 'pg.tar.gz';

/** Where a server asked for a backup reads where to write it (`npm run backup` writes it, then signals). */
export const backupRequestFile = (dataDir: string): string => join(dataDir, 'backup-request.json');

/**
 * Writes a backup of the open database into `dir` (created; its parts first under temporary names). `quiesce` runs
 * the dump with no statement in flight. The dump is read from the process's own PGlite (the embedded driver's).
 */
export async function writeBackup(dataDir: string, dir: string, quiesce: <T>(work: () => Promise<T>) => Promise<T>, pg?: PGlite): Promise<void> {
  const db = pg ?? (await getPGliteInstance());
  const dump = await quiesce(() => db.dumpDataDir('gzip'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${DUMP}.part`), Buffer.from(await dump.arrayBuffer()));
  renameSync(join(dir, `${DUMP}.part`), join(dir, DUMP));
  for (const f of KEY_FILES) if (existsSync(join(dataDir, f))) copyFileSync(join(dataDir, f), join(dir, f));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ createdAt: formatVn(Date.now()), from: dataDir, parts: readdirSync(dir).sort() }, null, 2) + '\n');
}

/**
 * Restores a backup folder into `dataDir` (the database at `<dataDir>/pg`, the keys beside it). Refuses a data
 * directory that already holds a database, and one a running process has open.
 */
export async function restoreBackup(from: string, dataDir: string): Promise<void> {
  const dump = join(from, DUMP);
  if (!existsSync(dump)) throw new Error(`${from} không phải bản sao lưu (thiếu ${DUMP})`);
  const pgDir = join(dataDir, 'pg');
  if (existsSync(pgDir) && readdirSync(pgDir).length > 0) {
    throw new Error(`${pgDir} đã có cơ sở dữ liệu; hãy khôi phục vào thư mục mới (DATA_DIR khác) hoặc dời thư mục cũ đi`);
  }
  mkdirSync(pgDir, { recursive: true });
  const release = lockEmbeddedDatabase(pgDir);
  try {
    const db = new PGlite({ dataDir: pgDir, loadDataDir: new Blob([readFileSync(dump)]) });
    await db.query('SELECT 1');
    await db.close();
    for (const f of KEY_FILES) if (existsSync(join(from, f))) copyFileSync(join(from, f), join(dataDir, f));
  } finally {
    release();
  }
}

/** Answers `npm run backup`'s request (the folder it names): the backup, or `error.txt` in that folder. */
export async function answerBackupRequest(dataDir: string, quiesce: <T>(work: () => Promise<T>) => Promise<T>): Promise<void> {
  let to: string | undefined;
  try {
    to = (JSON.parse(readFileSync(backupRequestFile(dataDir), 'utf8')) as { to: string }).to;
    rmSync(backupRequestFile(dataDir), { force: true });
    await writeBackup(dataDir, to, quiesce);
  } catch (e) {
    if (to) {
      mkdirSync(to, { recursive: true });
      writeFileSync(join(to, 'error.txt'), (e as Error).message);
    }
  }
}

/** A backup folder's default name: under `<dataDir>/../backups`, by the time it was made. */
export const defaultBackupDir = (dataDir: string): string =>
  join(dataDir, '..', 'backups', `${basename(dataDir)}-${formatVn(Date.now()).slice(0, 19).replace(/[:T]/g, '-')}`);
