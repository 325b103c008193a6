import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { exitOnKnownError, loadStartupInputs } from './bootstrap.js';

const { config, workflows } = loadStartupInputs();
try {
  // Imported after the checks above so that a configuration error is reported before anything loads.
  const { createHttpApp } = await import('./http-app.js');
  const app = await createHttpApp({ config, workflows });
  await app.listen(config.port, config.host);
  const mode = config.embedded ? `nhúng (PGlite tại ${config.dataDir})` : `PostgreSQL${config.redisUrl ? ' + Redis' : ''}`;
  new Logger('Main').log(`Một Cửa đang chạy: http://localhost:${config.port} — API /api/v1, tài liệu /docs — chế độ ${mode}`);
} catch (e) {
  exitOnKnownError(e);
}
