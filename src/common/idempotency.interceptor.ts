import { CallHandler, ExecutionContext, Injectable, NestInterceptor, OnModuleInit, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { Db } from '../database/db.js';
import { JobRunner } from '../queue/job-runner.js';
import { QueueName } from '../queue/queue-names.js';
import { AppError, validationFailed } from './app-error.js';

export const NO_IDEMPOTENCY = 'idempotency:off';
/** For POSTs whose response must never be replayed (a login's token). */
export const NoIdempotency = (): MethodDecorator => SetMetadata(NO_IDEMPOTENCY, true);

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;

/**
 * `Idempotency-Key` on POSTs: a pending row is inserted first under a unique (scope, key), so of two
 * concurrent duplicates only one runs; the finished response is stored and replayed for the same key and body.
 * A failed request releases its key so that a retry can run. Keys are scoped by user and route.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor, OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly reflector: Reflector,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    // Retries come within minutes; a week keeps every realistic retry and bounds the table.
    this.jobs.register({
      queue: QueueName.Maintenance, name: 'purge-idempotency-keys', everyMs: 3600_000,
      handle: () => this.db.tx((em) => em.query(`DELETE FROM idempotency_key WHERE created_at < now() - interval '7 days'`)),
    });
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { user?: { id: string } }>();
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || key === undefined || this.reflector.get<boolean>(NO_IDEMPOTENCY, ctx.getHandler())) return next.handle();
    return from(this.run(ctx, req, String(key), next));
  }

  private async run(ctx: ExecutionContext, req: FastifyRequest & { user?: { id: string } }, key: string, next: CallHandler): Promise<unknown> {
    if (!KEY.test(key)) throw validationFailed([{ field: 'Idempotency-Key', message: 'khóa gồm 8–200 ký tự chữ, số, dấu chấm, gạch, hai chấm' }]);
    const scope = `${req.user?.id ?? 'anon'} ${req.method} ${req.url.split('?')[0]}`.slice(0, 100);
    const hash = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
    const res = ctx.switchToHttp().getResponse<FastifyReply>();

    const claimed = await this.db.tx(async (em) => {
      const rows: unknown[] = await em.query(
        `INSERT INTO idempotency_key (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
        [scope, key, hash],
      );
      if (rows.length) return null;
      const [prev] = await em.query('SELECT request_hash, status, body FROM idempotency_key WHERE scope = $1 AND key = $2', [scope, key]);
      return prev as { request_hash: string; status: number | null; body: unknown };
    });
    if (claimed) {
      if (claimed.request_hash !== hash) {
        throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key này đã dùng cho một yêu cầu khác.', { key });
      }
      if (claimed.status === null) {
        throw new AppError(409, 'IDEMPOTENCY_IN_PROGRESS', 'Yêu cầu với Idempotency-Key này đang được xử lý; vui lòng thử lại sau.', { key });
      }
      res.status(claimed.status);
      res.header('Idempotent-Replayed', 'true');
      return claimed.body;
    }
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: null });
      await this.db.tx((em) =>
        em.query('UPDATE idempotency_key SET status = $3, body = $4 WHERE scope = $1 AND key = $2', [scope, key, res.statusCode, JSON.stringify(body)]),
      );
      return body;
    } catch (e) {
      await this.db.tx((em) => em.query('DELETE FROM idempotency_key WHERE scope = $1 AND key = $2', [scope, key]));
      throw e;
    }
  }
}
