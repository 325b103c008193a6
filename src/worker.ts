import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { exitOnKnownError, loadStartupInputs } from './bootstrap.js';

// The worker always processes jobs; it exists only where Redis carries them between processes.
const { config, workflows } = loadStartupInputs({ ...process.env, RUN_JOBS: 'true' });
if (!config.redisUrl) {
  process.stderr.write('Cấu hình không hợp lệ: REDIS_URL — bắt buộc cho tiến trình worker (chế độ nhúng chạy tác vụ ngay trong tiến trình API).\n');
  process.exit(1);
}
try {
  const { AppModule } = await import('./app.module.js');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, workflows }), { abortOnError: false });
  app.enableShutdownHooks();
  await app.init();
  new Logger('Worker').log('Worker Một Cửa đang xử lý tác vụ nền (BullMQ trên Redis).');
} catch (e) {
  exitOnKnownError(e);
}
