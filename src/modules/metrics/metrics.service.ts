import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Db } from '../../database/db.js';
import { JobRunner } from '../../queue/job-runner.js';
import { QueueName } from '../../queue/queue-names.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** With a token configured, the scraper must send it as a bearer token; without one, only a scraper on this machine. */
export function scrapeAllowed(token: string | undefined, authorization: string | undefined, remoteAddress: string | undefined): boolean {
  if (!token) return LOOPBACK.has(remoteAddress ?? '');
  const given = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
  return given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

/**
 * What an operator watches (issue 25), in Prometheus's text format at /metrics: requests by route and status with
 * their latency, actions by type, receptions, the sweep's duration and marks, and, read when scraped, the outbox's
 * backlog and the age of its oldest row, the job queues' depths and the database pool's use. One registry per
 * application (tests run several in one process).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly requests = new Histogram({
    name: 'motcua_http_request_duration_seconds',
    help: 'HTTP requests by method, route (its pattern) and status, with their duration',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly actions = new Counter({
    name: 'motcua_dossier_actions_total',
    help: 'Dossier actions written, by action (the sweep’s deadline_passed included)',
    labelNames: ['action'],
    registers: [this.registry],
  });

  readonly receptions = new Counter({
    name: 'motcua_dossier_receptions_total',
    help: 'Dossiers received, by channel (history imports excluded)',
    labelNames: ['channel'],
    registers: [this.registry],
  });

  readonly sweepDuration = new Histogram({
    name: 'motcua_sweep_duration_seconds',
    help: 'Duration of each deadline sweep',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
    registers: [this.registry],
  });

  readonly sweepMarked = new Counter({
    name: 'motcua_sweep_marked_total',
    help: 'Dossiers the sweep marked: overdue, warned, step warned, apology reminded',
    labelNames: ['kind'],
    registers: [this.registry],
  });

  constructor(
    private readonly db: Db,
    private readonly jobs: JobRunner,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'motcua_process_' });
    const outbox = async (): Promise<{ backlog: number; age: number }> => {
      const [r] = await this.db.statement<{ backlog: number; age: number | null }>(
        `SELECT count(*)::int AS backlog, COALESCE(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age FROM outbox WHERE delivered_at IS NULL`,
      );
      return { backlog: Number(r.backlog), age: Number(r.age ?? 0) };
    };
    new Gauge({
      name: 'motcua_outbox_backlog',
      help: 'Notifications written and not yet delivered',
      registers: [this.registry],
      async collect() {
        this.set((await outbox()).backlog);
      },
    });
    new Gauge({
      name: 'motcua_outbox_oldest_age_seconds',
      help: 'Age of the oldest undelivered notification (0 when none)',
      registers: [this.registry],
      async collect() {
        this.set((await outbox()).age);
      },
    });
    const runner = this.jobs;
    new Gauge({
      name: 'motcua_queue_jobs',
      help: 'Jobs in each queue by state (Redis only)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [queue, counts] of Object.entries(await runner.depths(Object.values(QueueName)))) {
          for (const [state, n] of Object.entries(counts)) this.set({ queue, state }, n);
        }
      },
    });
    const pool = (this.db.dataSource.driver as unknown as { master?: Pool }).master;
    new Gauge({
      name: 'motcua_db_pool_connections',
      help: 'PostgreSQL pool connections: total, idle, and requests waiting for one (PostgreSQL only)',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        if (!pool || typeof pool.totalCount !== 'number') return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
}
