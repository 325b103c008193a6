import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exitOnKnownError, loadStartupInputs } from './bootstrap.js';

// `npm run demo` writes the address it printed beside the embedded data, so that the receipts' QR links open on a
// phone on the same network without further setup.
const demoBaseUrl = join(resolve(process.env.DATA_DIR?.trim() || 'data'), 'public-base-url');
const baseFromDemo = !process.env.PUBLIC_BASE_URL && !process.env.DATABASE_URL && existsSync(demoBaseUrl);
if (baseFromDemo) process.env.PUBLIC_BASE_URL = readFileSync(demoBaseUrl, 'utf8').trim();

const { config, workflows } = loadStartupInputs();
try {
  // Imported after the checks above so that a configuration error is reported before anything loads.
  const { createHttpApp } = await import('./http-app.js');
  const app = await createHttpApp({ config, workflows });
  await app.listen(config.port, config.host);
  if (config.embedded) {
    // `npm run backup` while the server runs: it names the folder in a request file, then signals.
    const { Db } = await import('./database/db.js');
    const { answerBackupRequest } = await import('./database/embedded-backup.js');
    const db = app.get(Db);
    process.on('SIGUSR2', () => void answerBackupRequest(config.dataDir, (work) => db.quiesced(work)));
  }
  const mode = config.embedded ? `nhúng (PGlite tại ${config.dataDir})` : `PostgreSQL${config.redisUrl ? ' + Redis' : ''}`;
  const logger = new Logger('Main');
  logger.log(`Một Cửa đang chạy: http://localhost:${config.port} — ứng dụng web /, API /api/v1, tài liệu /docs — chế độ ${mode}`);
  if (!process.env.PUBLIC_BASE_URL) {
    logger.warn(
      `PUBLIC_BASE_URL chưa đặt: phiếu hẹn in đường dẫn tra cứu ${config.publicBaseUrl}/tra-cuu/…, điện thoại của người dân không mở được. ` +
        'Đặt PUBLIC_BASE_URL là địa chỉ công khai của máy chủ.',
    );
  } else if (baseFromDemo) {
    logger.log(`Đường dẫn tra cứu trên phiếu hẹn: ${config.publicBaseUrl} (do "npm run demo" đặt; PUBLIC_BASE_URL thay được)`);
  }
} catch (e) {
  exitOnKnownError(e);
}
