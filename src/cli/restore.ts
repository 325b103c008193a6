/* eslint-disable no-console -- a command-line tool: what it restored is its output */
import { resolve } from 'node:path';
import { loadConfig } from '../config/app-config.js';
import { restoreBackup } from '../database/embedded-backup.js';

/**
 * `npm run restore -- <backup folder>`: the backup into DATA_DIR (which must not hold a database yet), keys included;
 * start the server on it afterwards. PostgreSQL deployments use pg_restore (README).
 */
const from = process.argv[2];
if (!from) {
  console.error('Cách dùng: npm run restore -- <thư mục sao lưu>   (khôi phục vào DATA_DIR, phải là thư mục mới)');
  process.exit(1);
}
const config = loadConfig({ ...process.env, DATABASE_URL: '', REDIS_URL: '' });
try {
  await restoreBackup(resolve(from), config.dataDir);
  console.log(`Đã khôi phục ${resolve(from)} vào ${config.dataDir}. Khởi động máy chủ với DATA_DIR=${config.dataDir}.`);
} catch (e) {
  console.error(`Khôi phục thất bại: ${(e as Error).message}`);
  process.exit(1);
}
