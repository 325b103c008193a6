import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import type { Clock } from '../../src/common/clock.js';
import { AppConfig, loadConfig } from '../../src/config/app-config.js';
import { applyV8Flags } from '../../src/bootstrap.js';
import { createHttpApp } from '../../src/http-app.js';
import { loadWorkflows } from '../../src/workflows/workflows-loader.js';

export const ADMIN_PASSWORD = 'admin-pass-123';

/**
 * The suite runs twice in CI: embedded (PGlite in a temp dir, in-process jobs) and, when TEST_DATABASE_URL
 * is set, against PostgreSQL (a fresh database per test file) with Redis when TEST_REDIS_URL is set.
 */
export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
export const onRedis = Boolean(process.env.TEST_REDIS_URL);

export interface TestApp {
  app: INestApplication;
  http: () => TestAgent;
  config: AppConfig;
  login(username: string, password: string): Promise<string>;
  close(): Promise<void>;
}

async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.TEST_DATABASE_URL!);
  const name = `mc_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = '/' + name;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestEnv {
  env: Record<string, string>;
  cleanup: () => Promise<void>;
}

/** Environment for one app: its own database (or data dir) and queue prefix. */
export const NO_RATE_LIMITS = {
  RATE_LIMIT_LOOKUPS: '1000000',
  RATE_LIMIT_LOGINS: '1000000',
  RATE_LIMIT_RATINGS: '1000000',
  RATE_LIMIT_SUBMISSIONS: '1000000',
};

export async function testEnv(extra: Record<string, string> = {}): Promise<TestEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-test-'));
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    ADMIN_PASSWORD,
    QUEUE_PREFIX: `mctest${process.pid}x${Date.now()}`,
    // Every request of a test file comes from one address: the public routes' limits are tested where asked for.
    ...NO_RATE_LIMITS,
    ...extra,
  };
  let drop = async (): Promise<void> => undefined;
  if (onPostgres) {
    const db = await createDatabase();
    env.DATABASE_URL = db.url;
    env.JWT_SECRET = 'test-secret-that-is-long-enough-0123456789';
    if (onRedis) env.REDIS_URL = process.env.TEST_REDIS_URL!;
    drop = db.drop;
  }
  return {
    env,
    cleanup: async () => {
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startApp(te: TestEnv, opts: { clock?: Clock } = {}): Promise<Omit<TestApp, 'close'>> {
  const config = loadConfig(te.env);
  applyV8Flags(config);
  const workflows = loadWorkflows(config.workflowsDir);
  const app = await createHttpApp({ config, workflows, clock: opts.clock }, ['error']);
  const http = (): TestAgent => request(app.getHttpServer());
  return {
    app,
    http,
    config,
    login: async (username, password) => {
      const res = await http().post('/api/v1/auth/login').send({ username, password });
      if (res.status !== 200) throw new Error(`login ${username} → ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken as string;
    },
  };
}

export async function startTestApp(extraEnv: Record<string, string> = {}, opts: { clock?: Clock } = {}): Promise<TestApp> {
  const te = await testEnv(extraEnv);
  const started = await startApp(te, opts);
  return {
    ...started,
    close: async () => {
      await started.app.close();
      await te.cleanup();
    },
  };
}
