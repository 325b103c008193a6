import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createServer } from 'node:http';
import { exitOnKnownError, loadStartupInputs } from './bootstrap.js';
import { createLogger, PinoNestLogger } from './common/logging.js';

// The worker always processes jobs; it exists only where Redis carries them between processes.
const { config, workflows } = loadStartupInputs({ ...process.env, RUN_JOBS: 'true' });
if (!config.redisUrl) {
  process.stderr.write('Cấu hình không hợp lệ: REDIS_URL — bắt buộc cho tiến trình worker (chế độ nhúng chạy tác vụ ngay trong tiến trình API).\n');
  process.exit(1);
}
try {
  const { AppModule } = await import('./app.module.js');
  const { Metrics, scrapeAllowed } = await import('./modules/metrics/metrics.service.js');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, workflows }), {
    abortOnError: false,
    logger: new PinoNestLogger(createLogger(config.logLevel)),
  });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP']); // not SIGUSR2: it asks for a backup (npm run backup)
  await app.init();
  // The sweep, the outbox and the reports run here: their figures are scraped from the worker's own /metrics.
  const metrics = app.get(Metrics);
  const server = createServer((req, res) => {
    if (req.url !== '/metrics' || !scrapeAllowed(config.metricsToken, req.headers.authorization, req.socket.remoteAddress)) {
      res.writeHead(req.url === '/metrics' ? 403 : 404).end();
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  // A second worker on one machine finds the port taken: it works on without its own /metrics.
  server.on('error', (e) => new Logger('Worker').warn(`số liệu vận hành không mở được cổng ${config.workerMetricsPort}: ${e.message}`));
  server.listen(config.workerMetricsPort, config.metricsToken ? config.host : '127.0.0.1');
  new Logger('Worker').log(`Worker Một Cửa đang xử lý tác vụ nền (BullMQ trên Redis); số liệu vận hành ở cổng ${config.workerMetricsPort}.`);
} catch (e) {
  exitOnKnownError(e);
}
