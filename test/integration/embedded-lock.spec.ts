import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startApp, type TestEnv } from '../helpers/test-app.js';

/**
 * One process per embedded database (issue 22: `npm run demo` must not write a data directory a running server
 * holds): the process that opens it holds `<DATA_DIR>/pg.lock`; another is refused with a clear message; a lock left
 * by a process that is gone is taken over.
 */
const dirs: string[] = [];
const embedded = (): TestEnv => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-lock-'));
  dirs.push(dir);
  return { env: { DATA_DIR: dir, ADMIN_PASSWORD }, cleanup: async () => undefined };
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the embedded database is held by one process', () => {
  it('the server holds the lock while it runs and gives it back when it stops', async () => {
    const te = embedded();
    const app = await startApp(te);
    const lock = join(te.env.DATA_DIR, 'pg.lock');
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    await app.app.close();
    expect(existsSync(lock)).toBe(false);
  });

  it('another live process holding it: refused, naming the process; once it is gone, the lock is taken over', async () => {
    const te = embedded();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(te.env.DATA_DIR, 'pg.lock'), String(holder.pid));
      await expect(startApp(te)).rejects.toThrow(new RegExp(`DATA_DIR — cơ sở dữ liệu nhúng .* đang được tiến trình ${holder.pid} sử dụng`));
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
    }
    const app = await startApp(te);
    expect(readFileSync(join(te.env.DATA_DIR, 'pg.lock'), 'utf8')).toBe(String(process.pid));
    await app.app.close();
  });
});
