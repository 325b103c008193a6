import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config.js';
import { AppError } from './app-error.js';
import { withRouteConfig } from './route-config.js';

/**
 * What a public route is limited as, per client address (issue 25: 800 guesses of dossier codes in 1.3 s):
 * - `lookup`: tracking a dossier or a feedback item by its code, Open311's reads;
 * - `submit`: a citizen's feedback (the portal's form, Open311), per hour as the feedback process file says;
 * - `rating`: a rating of a dossier or a feedback item, per hour;
 * - `login`: logins, per minute (the account's own lock after failed passwords stays: auth.service.ts).
 */
export type RateKind = 'lookup' | 'submit' | 'rating' | 'login';

/** Names the route's limit; `registerRateLimits` turns it into @fastify/rate-limit's route options. */
export const RateLimited = (kind: RateKind): MethodDecorator => withRouteConfig({ rateLimitKind: kind });

/**
 * @fastify/rate-limit on the routes marked `RateLimited`, counted in Redis when there is one (shared by every API
 * process), in the process otherwise (embedded mode: one process). A Redis that does not answer lets requests through
 * rather than refusing every citizen (`skipOnError`). Refusals are 429 TOO_MANY_REQUESTS with Retry-After.
 */
export async function registerRateLimits(fastify: FastifyInstance, config: AppConfig, submitsPerHour: () => number): Promise<void> {
  const limits: Record<RateKind, { max: number | (() => number); timeWindow: number }> = {
    lookup: { max: config.rateLimits.lookupPerMinute, timeWindow: 60_000 },
    submit: { max: config.rateLimits.submissionsPerHour ?? submitsPerHour, timeWindow: 3600_000 },
    rating: { max: config.rateLimits.ratingPerHour, timeWindow: 3600_000 },
    login: { max: config.rateLimits.loginPerMinute, timeWindow: 60_000 },
  };
  // Before the plugin's own onRoute hook, which reads `config.rateLimit`.
  fastify.addHook('onRoute', (route) => {
    const kind = (route.config as { rateLimitKind?: RateKind } | undefined)?.rateLimitKind;
    if (kind) route.config = { ...route.config, rateLimit: { ...limits[kind] } } as typeof route.config;
  });
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectionName: 'rate-limit' }) : undefined;
  if (redis) {
    redis.on('error', () => undefined); // skipOnError answers for it; BullMQ's connection logs the outage
    fastify.addHook('onClose', async () => {
      redis.disconnect();
    });
  }
  await fastify.register(rateLimit, {
    global: false,
    redis,
    nameSpace: `${config.queuePrefix}:rate-limit:`,
    skipOnError: true,
    errorResponseBuilder: (_req, ctx) => {
      const seconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new AppError(429, 'TOO_MANY_REQUESTS', `Quá nhiều yêu cầu từ địa chỉ này; vui lòng thử lại sau ${seconds} giây.`, {
        limit: ctx.max,
        retryAfterSeconds: seconds,
      });
    },
  });
}
