import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../config/app-config.js';

/**
 * PGlite has no server in front of its files: two processes opening one data directory (a running server and
 * `npm run demo`, or two servers) would both write PostgreSQL's files and corrupt them. The process that opens the
 * embedded database holds `<dataDir>.lock` with its pid; another process is refused with a clear message. A lock left
 * by a process that is gone (killed, crashed) is taken over.
 */
export function lockEmbeddedDatabase(dataDir: string): () => void {
  const file = `${dataDir}.lock`;
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = Number(readFileSync(file, 'utf8').trim());
    // The same process opening it again (an application closed and started anew in one process) holds it already.
    if (holder === process.pid) return () => undefined;
    if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
      throw new ConfigError(
        'DATA_DIR',
        `cơ sở dữ liệu nhúng ${dataDir} đang được tiến trình ${holder} sử dụng (máy chủ đang chạy?). Dừng tiến trình đó trước, hoặc dùng DATA_DIR khác.`,
      );
    }
    unlinkSync(file); // stale: its process is gone
  }
  throw new ConfigError('DATA_DIR', `không khóa được cơ sở dữ liệu nhúng ${dataDir}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user, which still holds the files.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
