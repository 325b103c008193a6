import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { parse as parseForm } from 'node:querystring';
import { INestApplication, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { errorCodes, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ApiExceptionFilter, sendError, statusErrorBody } from './common/api-exception.filter.js';
import { AppError } from './common/app-error.js';
import { IdempotencyStore, registerIdempotency } from './common/idempotency.js';
import { apiDocument } from './common/openapi.js';
import { ApiValidationPipe } from './common/validation.js';
import { AppModule, AppOptions } from './app.module.js';
import { Authenticator } from './modules/auth/authenticator.js';
import { registerWebApp } from './web-app.js';
import fastifyCookie from '@fastify/cookie';
import { registerQueueBoard } from './modules/admin/queue-board.js';
import { JobRunner } from './queue/job-runner.js';
import { BullMqJobRunner } from './queue/bullmq-job-runner.js';
import { QueueName } from './queue/queue-names.js';
import { registerRateLimits } from './common/rate-limit.js';
import { AppConfig } from './config/app-config.js';
import { Clock } from './common/clock.js';
import { FeedbackService } from './modules/feedback/feedback.service.js';
import { Metrics } from './modules/metrics/metrics.service.js';
import { fastifyLogging, logRequests, PinoNestLogger, pinoLevel } from './common/logging.js';
import type { Logger as Pino } from 'pino';

const MB = 1024 * 1024;
const frameworkLogger = new Logger('HttpFramework');
const IMPORT = '/api/v1/import/';
const OPEN311 = '/open311/';

/** A parser's refusal of a body type on this route: the same 415 Fastify gives itself for unknown types. */
const unsupportedMediaType = (type: string | undefined): Error => new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(type ?? '');

/**
 * Bodies: JSON everywhere (2 MB); on the history import also NDJSON, as text, up to 50 MB; form bodies only for
 * Open311 GeoReport v2 clients (100 kB). Any other body is refused with 415 instead of being silently ignored.
 * Nest hands the parsers' errors (bad JSON, too large, wrong type) to our exception filter as HttpExceptions.
 */
function configureBodies(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    if (route.url.startsWith(IMPORT)) route.bodyLimit = 50 * MB;
    else if (route.url.startsWith(OPEN311)) route.bodyLimit = 100 * 1024;
  });
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser(/^application\/[a-z0-9.+-]*\+json$/i, { parseAs: 'string' }, fastify.getDefaultJsonParser('error', 'error'));
  fastify.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (req, body, done) => {
    if (req.url.startsWith(IMPORT)) done(null, body);
    else done(unsupportedMediaType(req.headers['content-type']), undefined);
  });
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (req, body, done) => {
    // querystring's result has no prototype; the validation pipe expects a plain object.
    if (req.url.startsWith(OPEN311)) done(null, { ...parseForm(body as string) });
    else done(unsupportedMediaType(req.headers['content-type']), undefined);
  });
}

/** Node's HTTP parser's refusals, before any route runs: answered in the API's error shape rather than Fastify's. */
const CLIENT_ERROR_STATUS: Record<string, number> = { HPE_HEADER_OVERFLOW: 431, ERR_HTTP_REQUEST_TIMEOUT: 408 };

function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = CLIENT_ERROR_STATUS[err.code ?? ''] ?? 400;
  const body = JSON.stringify(statusErrorBody(status, status === 400 ? 'Yêu cầu HTTP không hợp lệ.' : undefined));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

async function configureHttp(app: NestFastifyApplication): Promise<void> {
  const authenticator = app.get(Authenticator);
  // Before init, which registers the routes: Fastify gives a route the hooks added before it.
  registerIdempotency(app.getHttpAdapter().getInstance(), app.get(IdempotencyStore), (header) =>
    authenticator.authenticate(header).then(
      (u) => u.id,
      () => null,
    ),
  );
  await registerRateLimits(app.getHttpAdapter().getInstance(), app.get(AppConfig), () => {
    const feedback = app.get(FeedbackService);
    return feedback.processFor(app.get(Clock).now()).public.perAddressPerHour.value;
  });
  logRequests(app.getHttpAdapter().getInstance());
  // Every request's route (its pattern, not its path), status and duration, for /metrics.
  const metrics = app.get(Metrics);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (req, reply, done) => {
      metrics.requests.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
      done();
    });
  app.useGlobalPipes(new ApiValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.enableShutdownHooks(['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP']); // not SIGUSR2: it asks for a backup (npm run backup)
  SwaggerModule.setup('docs', app, () => apiDocument(app), { jsonDocumentUrl: 'docs-json' });
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyCookie);
  // Before the web application: both serve files through @fastify/static, each in its own scope.
  const jobs = app.get(JobRunner);
  if (jobs instanceof BullMqJobRunner) await registerQueueBoard(fastify, jobs.allQueues(Object.values(QueueName)), authenticator);
  await registerWebApp(fastify);
}

/**
 * The HTTP server on Fastify (ADR 0008): about half of Express's CPU per request, which on this machine is the
 * difference between the server and PostgreSQL setting the pace of actions.
 */
export async function createHttpApp(opts: AppOptions, logLevels?: LogLevel[]): Promise<INestApplication> {
  // Behind the province's reverse proxy the client address comes from X-Forwarded-For.
  const hops = opts.config.trustProxy;
  const level = pinoLevel(logLevels, opts.config.logLevel);
  const adapter = new FastifyAdapter({
    ...fastifyLogging(level),
    bodyLimit: 2 * MB,
    trustProxy: hops > 0 ? (_address: string, hop: number) => hop < hops : false,
    clientErrorHandler,
    // A path Fastify cannot decode (`%ZZ`) is refused before routing, in Fastify's English shape otherwise (issue 25).
    frameworkErrors: (error: FastifyError, req: FastifyRequest, res: FastifyReply) => {
      const bad = error.code === 'FST_ERR_BAD_URL' ? new AppError(400, 'BAD_URL', 'Địa chỉ yêu cầu có ký tự mã hóa không hợp lệ.') : error;
      void sendError(req, res, bad, frameworkLogger);
    },
  });
  configureBodies(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(opts), adapter, {
    bodyParser: false,
    // Nest's own lines go through Fastify's logger too: one stream of JSON lines (issue 25).
    logger: new PinoNestLogger(adapter.getInstance().log as unknown as Pino),
    abortOnError: false,
  });
  try {
    await configureHttp(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (e) {
    // A failed start must still release the database (PGlite keeps its directory locked otherwise).
    await app.close().catch(() => undefined);
    throw e;
  }
  Logger.flush();
  return app;
}
