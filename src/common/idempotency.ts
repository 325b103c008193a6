import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { withRouteConfig } from './route-config.js';
import { hash as digest } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Db } from '../database/db.js';
import { JobRunner } from '../queue/job-runner.js';
import { QueueName } from '../queue/queue-names.js';
import { sendError } from './api-exception.filter.js';
import { AppError, validationFailed } from './app-error.js';
import { MAX_INPUT_DEPTH } from './validation.js';

/** For POSTs whose response must never be replayed (a login's token): a Fastify route option the hooks read. */
export const NoIdempotency = (): MethodDecorator => withRouteConfig({ idempotency: false });

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;

interface Claimed {
  request_hash: string;
  status: number | null;
  body: unknown;
  /** Seconds until a pending key's lease runs out. */
  retry_after: number | null;
}

/** A pending key's lease, renewed every third of it while its request runs: a dead holder blocks a retry this long. */
const LEASE_SECONDS = 15;

/** The `idempotency_key` table: a pending row per (scope, key) first, the finished response later. */
@Injectable()
export class IdempotencyStore implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobRunner,
    private readonly config: AppConfig,
  ) {}

  /** Embedded, this process is the only one that can hold a key (the database is locked to it): any pending key is a dead one's. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.embedded) await this.db.tx((em) => em.query(`UPDATE idempotency_key SET lease_until = now() WHERE status IS NULL`));
  }

  onModuleInit(): void {
    // Retries come within minutes; a week keeps every realistic retry and bounds the table.
    this.jobs.register({
      queue: QueueName.Maintenance,
      name: 'purge-idempotency-keys',
      everyMs: 3600_000,
      handle: () => this.db.tx((em) => em.query(`DELETE FROM idempotency_key WHERE created_at < now() - interval '7 days'`)),
    });
  }

  /**
   * null if this request now holds the key; otherwise what an earlier request with it left. A pending key is held
   * under a lease the holder renews while it runs (`renew`): a key whose holder died (kill -9, a lost database
   * connection) is taken over by a retry with the same body once its lease has run out, instead of staying blocked
   * until the purge (issue 25).
   */
  claim(scope: string, key: string, hash: string): Promise<Claimed | null> {
    return this.db.tx(async (em) => {
      const rows: unknown[] = await em.query(
        `INSERT INTO idempotency_key AS k (scope, key, request_hash, lease_until) VALUES ($1, $2, $3, now() + make_interval(secs => $4))
         ON CONFLICT (scope, key) DO UPDATE SET lease_until = EXCLUDED.lease_until, created_at = now()
           WHERE k.status IS NULL AND k.lease_until < now() AND k.request_hash = EXCLUDED.request_hash
         RETURNING key`,
        [scope, key, hash, LEASE_SECONDS],
      );
      if (rows.length) return null;
      const [prev] = await em.query(
        `SELECT request_hash, status, body, GREATEST(1, ceil(extract(epoch FROM lease_until - now())))::int AS retry_after
         FROM idempotency_key WHERE scope = $1 AND key = $2`,
        [scope, key],
      );
      return prev as Claimed;
    });
  }

  /** Extends the lease of a key this process still holds (its request is still running). */
  async renew(scope: string, key: string): Promise<void> {
    await this.db.tx((em) =>
      em.query(`UPDATE idempotency_key SET lease_until = now() + make_interval(secs => $3) WHERE scope = $1 AND key = $2 AND status IS NULL`, [
        scope,
        key,
        LEASE_SECONDS,
      ]),
    );
  }

  async finish(scope: string, key: string, status: number, json: string): Promise<void> {
    await this.db.tx((em) =>
      em.query('UPDATE idempotency_key SET status = $3, body = $4, lease_until = NULL WHERE scope = $1 AND key = $2', [scope, key, status, json]),
    );
  }

  async release(scope: string, key: string): Promise<void> {
    await this.db.tx((em) => em.query('DELETE FROM idempotency_key WHERE scope = $1 AND key = $2', [scope, key]));
  }
}

const HELD = Symbol('idempotency key held');
type Held = FastifyRequest & { [HELD]?: { scope: string; key: string; renewal: NodeJS.Timeout } };

/** The body's fingerprint; a body too deeply nested to serialise is refused as the validation pipe would. */
function bodyHash(body: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(body ?? null);
  } catch (e) {
    if (e instanceof RangeError) throw validationFailed([{ field: 'body', message: `dữ liệu lồng nhau quá ${MAX_INPUT_DEPTH} cấp` }]);
    throw e;
  }
  return digest('sha256', text, 'hex');
}

/**
 * `Idempotency-Key` on POSTs, as Fastify hooks around Nest's handler: a pending row is inserted first under a
 * unique (scope, key), so of two concurrent duplicates only one runs; the finished response is stored and
 * replayed for the same key and body. A failed request (status ≥ 400) releases its key so that a retry can run.
 * Keys are scoped by user and route; the user comes from the bearer token, and a request whose token does not
 * verify is scoped as anonymous (the guard then refuses it, which releases the key).
 * Hooks and not a Nest interceptor: with any interceptor, every request of every route went through rxjs, about
 * 3% of an action's CPU (ADR 0013).
 */
export function registerIdempotency(
  fastify: FastifyInstance,
  store: IdempotencyStore,
  userIdOf: (authorization: string | undefined) => Promise<string | null>,
): void {
  const logger = new Logger('Idempotency');

  /** Holds the key for this request (true: the handler runs), or answers the request itself (false). */
  const claim = async (req: Held, reply: FastifyReply, key: unknown): Promise<boolean> => {
    try {
      if (typeof key !== 'string' || !KEY.test(key)) {
        throw validationFailed([{ field: 'Idempotency-Key', message: 'khóa gồm 8–200 ký tự chữ, số, dấu chấm, gạch, hai chấm' }]);
      }
      const scope = `${(await userIdOf(req.headers.authorization)) ?? 'anon'} ${req.method} ${req.url.split('?')[0]}`.slice(0, 100);
      const hash = bodyHash(req.body);
      const claimed = await store.claim(scope, key, hash);
      if (!claimed) {
        const since = Date.now();
        // Renewed while the request runs; a request that never answers stops holding the key after 10 minutes.
        const renewal: NodeJS.Timeout = setInterval(
          () => {
            if (Date.now() - since > 600_000) clearInterval(renewal);
            else void store.renew(scope, key).catch(() => undefined);
          },
          (LEASE_SECONDS * 1000) / 3,
        );
        renewal.unref();
        req[HELD] = { scope, key, renewal };
        return true;
      }
      if (claimed.request_hash !== hash) {
        throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key này đã dùng cho một yêu cầu khác.', { key });
      }
      if (claimed.status === null) {
        const retryAfter = claimed.retry_after ?? LEASE_SECONDS;
        reply.header('Retry-After', String(retryAfter));
        throw new AppError(409, 'IDEMPOTENCY_IN_PROGRESS', 'Yêu cầu với Idempotency-Key này đang được xử lý; vui lòng thử lại sau.', { key, retryAfter });
      }
      reply.code(claimed.status).header('Idempotent-Replayed', 'true').type('application/json; charset=utf-8').send(JSON.stringify(claimed.body));
    } catch (e) {
      sendError(req, reply, e, logger);
    }
    return false;
  };

  /** Stores the finished response under the held key, or releases the key of a failed request. */
  const settle = async (held: { scope: string; key: string }, reply: FastifyReply, payload: unknown): Promise<void> => {
    const json = typeof payload === 'string' && String(reply.getHeader('content-type') ?? '').startsWith('application/json');
    try {
      // Only a JSON response can be stored (every POST of the API answers JSON); anything else is not replayed.
      if (reply.statusCode < 400 && json) await store.finish(held.scope, held.key, reply.statusCode, payload);
      else await store.release(held.scope, held.key);
    } catch (e) {
      // The request's own work is done and committed: its response still goes out. A retry runs again, as
      // for a key never sent (a repeated action meets its version guard).
      logger.error(`response for Idempotency-Key ${held.key} not stored (key released): ${(e as Error).message}`);
      await store.release(held.scope, held.key).catch(() => undefined);
    }
  };

  // Callback hooks, not async ones: a request without a key (nearly all) passes without a promise.
  fastify.addHook('preHandler', (request, reply, done) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined || (request.routeOptions.config as { idempotency?: boolean } | undefined)?.idempotency === false) {
      return done();
    }
    // A request answered here (replay or refusal) does not go on to the handler: done is not called.
    void claim(request as Held, reply, key).then((run) => run && done());
  });

  // Before the response leaves: a retry arriving right after it finds the stored response, never a pending key.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const req = request as Held;
    const held = req[HELD];
    if (!held) return done(null, payload);
    req[HELD] = undefined;
    clearInterval(held.renewal);
    void settle(held, reply, payload).then(() => done(null, payload));
  });
}
