import { INestApplication, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import { ApiExceptionFilter, toErrorBody } from './common/api-exception.filter.js';
import { apiValidationPipe } from './common/validation.js';
import { AppModule, AppOptions } from './app.module.js';

const JSON_TYPES = /^application\/(json|[a-z0-9.+-]*\+json|x-ndjson)\b/i;

/** A body that is not JSON is refused with 415 instead of being silently ignored. */
function requireJson(req: Request, res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  const type = req.headers['content-type'] ?? '';
  // Open311 GeoReport v2 clients post form-encoded bodies.
  const open311Form = req.path.startsWith('/open311/') && /^application\/x-www-form-urlencoded\b/i.test(type);
  if (['POST', 'PUT', 'PATCH'].includes(req.method) && hasBody && !JSON_TYPES.test(type) && !open311Form) {
    const [status, body] = toErrorBody({ status: 415, expose: true, type: 'unsupported.media.type' });
    res.status(status).json(body);
    return;
  }
  next();
}

export function configureHttp(app: NestExpressApplication, trustProxy: number): void {
  // Behind the province's reverse proxy the client address comes from X-Forwarded-For.
  if (trustProxy > 0) app.set('trust proxy', trustProxy);
  // No ETag: hashing every JSON body cost about 1% of an action's server time, and no client revalidates.
  app.set('etag', false);
  app.disable('x-powered-by');
  app.use(requireJson);
  // History imports are bulk by nature: a larger limit, and NDJSON as text, on that route only.
  app.use('/api/v1/import', express.text({ type: 'application/x-ndjson', limit: '50mb' }), express.json({ limit: '50mb' }));
  app.use('/open311', express.urlencoded({ extended: false, limit: '100kb' }));
  app.use(express.json({ limit: '2mb' }));
  // body-parser errors (bad JSON, too large) happen before Nest's filters: shape them the same way.
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const [status, body] = toErrorBody(err);
    res.status(status).json(body);
  });
  app.useGlobalPipes(apiValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Một Cửa API')
    .setDescription('Tiếp nhận, giải quyết hồ sơ thủ tục hành chính tại Trung tâm Phục vụ hành chính công cấp xã.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'docs-json' });
}

export async function createHttpApp(opts: AppOptions, logLevels?: LogLevel[]): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(opts), {
    bodyParser: false,
    logger: logLevels ?? ['log', 'warn', 'error'],
    abortOnError: false,
  });
  try {
    configureHttp(app, opts.config.trustProxy);
    await app.init();
  } catch (e) {
    // A failed start must still release the database (PGlite keeps its directory locked otherwise).
    await app.close().catch(() => undefined);
    throw e;
  }
  Logger.flush();
  return app;
}
