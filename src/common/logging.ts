import { randomUUID } from 'node:crypto';
import type { LoggerService, LogLevel } from '@nestjs/common';
import { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { pino, type Logger as Pino, type LoggerOptions } from 'pino';
import { formatVn } from './vn-time.js';

/** Nest's levels as pino's threshold: the most verbose level asked for. */
export function pinoLevel(levels: LogLevel[] | undefined, fallback: string): string {
  if (!levels) return fallback;
  for (const [nest, level] of [
    ['verbose', 'trace'],
    ['debug', 'debug'],
    ['log', 'info'],
    ['warn', 'warn'],
    ['error', 'error'],
    ['fatal', 'fatal'],
  ] as const) {
    if (levels.includes(nest)) return level;
  }
  return 'silent';
}

/**
 * JSON lines (issue 25): ISO times with Vietnam's +07:00 offset, the level by name, and never an Authorization header,
 * a citizen's ID number or phone, should an object carrying them ever be logged.
 */
export function loggerOptions(level: string, redact = true): LoggerOptions {
  return {
    level,
    timestamp: () => `,"time":"${formatVn(Date.now())}"`,
    formatters: { level: (label) => ({ level: label }) },
    ...(redact
      ? {
          redact: {
            paths: ['req.headers.authorization', 'headers.authorization', 'idNumber', '*.idNumber', '*.*.idNumber', 'phone', '*.phone', '*.*.phone'],
            censor: '[ẩn]',
          },
        }
      : {}),
  };
}

/** A standalone logger (the worker, the command-line tools) with the same lines as the server's. */
export const createLogger = (level: string): Pino => pino(loggerOptions(level));

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Fastify's own logger (pino) for the HTTP server: a request id taken from X-Request-Id when it is sane, made
 * otherwise; no per-request lines of Fastify's (two per request), one of ours instead (`logRequests`).
 */
export function fastifyLogging(level: string): Pick<FastifyServerOptions, 'logger' | 'logController' | 'genReqId'> {
  return {
    logger: loggerOptions(level),
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  };
}

/**
 * One line per request when it is answered: method, route (its pattern: a search's query string may hold an ID
 * number, so no query is logged), status, duration, and the user's account id; the request id on the response.
 */
export function logRequests(fastify: FastifyInstance): void {
  // Its own logger, unredacted: the line's fields are fixed and hold nothing to hide, and searching each line for
  // ID numbers and phones cost an action about 9 µs of CPU (bench: actions). Same format, same stdout.
  const lines = pino(loggerOptions(fastify.log.level, false));
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('X-Request-Id', req.id);
    done();
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    const user = (req as unknown as { user?: { id?: string } }).user;
    lines.info(
      {
        requestId: req.id,
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        userId: user?.id ?? null,
      },
      'request',
    );
    done();
  });
}

/** Nest's logging (new Logger('X').log …) through the same pino logger, the context as a field. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  private write(level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', message: unknown, rest: unknown[]): void {
    // Nest calls error(message, stack?, context?) and the others (message, context?).
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message instanceof Error) this.pino[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.pino[level]({ context, stack, ...message });
    else this.pino[level]({ context, stack }, String(message));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }
}
