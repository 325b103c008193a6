import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { projectRoot } from '../common/project-root.js';

/** A configuration problem: one line, naming the variable, that stops the server. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Cấu hình không hợp lệ: ${variable} — ${message}`);
    this.name = 'ConfigError';
  }
}

export type DatabaseConfig = { kind: 'embedded'; dataDir: string } | { kind: 'postgres'; url: string };

/** Validated configuration; injected by class so every module reads the same checked values. */
export class AppConfig {
  constructor(
    readonly port: number,
    readonly host: string,
    readonly database: DatabaseConfig,
    readonly redisUrl: string | undefined,
    readonly workflowsDir: string,
    readonly jwtSecret: string,
    /**
     * The audit chain's key material, kept outside the database: AUDIT_KEY, else the JWT secret (so set AUDIT_KEY to
     * the old JWT secret before rotating it), else in embedded mode a key generated beside the data. Earlier keys
     * (AUDIT_KEYS_PREVIOUS) still verify the events they keyed.
     */
    readonly auditKeys: { current: string; previous: string[] },
    readonly jwtTtlSeconds: number,
    readonly adminPassword: string | undefined,
    readonly loginMaxFailures: number,
    readonly loginWindowSeconds: number,
    /** Whether this process runs jobs: always in embedded mode; API processes with Redis only if asked. */
    readonly runJobs: boolean,
    readonly dataDir: string,
    /** Key prefix for BullMQ in Redis, so several deployments (or test runs) can share one Redis. */
    readonly queuePrefix: string,
    /** Reverse-proxy hops to trust for the client address in X-Forwarded-For (login limits per address). */
    readonly trustProxy: number,
    /** SMTP for e-mail notifications (smtp:// or smtps:// URL); unset → notifications are only recorded. */
    readonly smtpUrl: string | undefined,
    readonly mailFrom: string,
    /** Base of the public tracking links printed on receipts (QR code). */
    readonly publicBaseUrl: string,
    /** How often the deadline sweep runs. */
    readonly sweepEveryMs: number,
    /** V8's old-space growth per major GC, in percent above the live size (0: V8's own choice, up to 300%). */
    readonly heapGrowingPercent: number,
    /** How many recently touched dossiers an API process keeps in memory for their next action (0: none). */
    readonly dossierCacheSize: number,
    /** Embedded mode: let V8 optimise PGlite's WebAssembly (faster, but start-up peaks near twice the memory). */
    readonly pgliteOptimize: boolean,
    /** Requests one client address may make on the public routes: lookups and logins per minute, ratings per hour. */
    /** pino's threshold for the JSON log lines (trace, debug, info, warn, error, fatal, silent). */
    readonly logLevel: string,
    /** The bearer token Prometheus sends to /metrics; unset: only scrapers on this machine (loopback) are answered. */
    readonly metricsToken: string | undefined,
    /** Where a worker serves its own /metrics (the sweep and the outbox run there). */
    readonly workerMetricsPort: number,
    /** How often a job-running process checks that Redis still holds the job schedules. */
    readonly scheduleCheckMs: number,
    readonly rateLimits: { lookupPerMinute: number; loginPerMinute: number; ratingPerHour: number; submissionsPerHour?: number },
  ) {}

  get embedded(): boolean {
    return this.database.kind === 'embedded';
  }
}

type Env = Record<string, string | undefined>;

function oneOf(env: Env, name: string, allowed: string[], def: string): string {
  const raw = env[name]?.trim();
  if (!raw) return def;
  if (!allowed.includes(raw)) throw new ConfigError(name, `phải là một trong ${allowed.join(', ')}, nhận được "${raw}".`);
  return raw;
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `phải là số nguyên, nhận được "${raw}".`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `phải nằm trong khoảng ${min}–${max}, nhận được ${n}.`);
  return n;
}

/** "90", "90s", "15m", "8h", "1d" → seconds. */
export function parseDuration(name: string, raw: string): number {
  const m = /^(\d+)\s*([smhd]?)$/.exec(raw.trim());
  if (!m) throw new ConfigError(name, `phải là khoảng thời gian như 900, 15m, 8h hoặc 1d; nhận được "${raw}".`);
  const n = Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  if (n <= 0) throw new ConfigError(name, 'phải lớn hơn 0.');
  return n;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `không phải URL hợp lệ: "${raw}".`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `phải bắt đầu bằng ${protocols.map((p) => p + '//').join(' hoặc ')}; nhận được "${parsed.protocol}//".`);
  }
  return raw;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  throw new ConfigError(name, `phải là true hoặc false, nhận được "${raw}".`);
}

function dir(base: string, raw: string): string {
  return isAbsolute(raw) ? raw : resolve(base, raw);
}

/** Embedded mode keeps its signing key beside its data so tokens survive a restart without any setup. */
const embeddedJwtSecret = (dataDir: string): string => embeddedSecret(dataDir, 'jwt-secret');

/** A secret generated once into a file of the data directory (embedded mode: no setup, survives restarts). */
function embeddedSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** Reads and checks the environment; throws ConfigError on the first wrong or missing value. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const port = int(env, 'PORT', 3000, 1, 65535);
  const host = env.HOST?.trim() || '0.0.0.0';
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
  const dataDir = dir(cwd, env.DATA_DIR?.trim() || 'data');

  const workflowsDir = env.WORKFLOWS_DIR?.trim() ? dir(cwd, env.WORKFLOWS_DIR.trim()) : join(projectRoot(), 'workflows');
  if (!existsSync(workflowsDir) || !statSync(workflowsDir).isDirectory()) {
    throw new ConfigError('WORKFLOWS_DIR', `thư mục "${workflowsDir}" không tồn tại.`);
  }

  let jwtSecret = env.JWT_SECRET?.trim();
  if (jwtSecret !== undefined && jwtSecret !== '' && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET', 'phải dài ít nhất 32 ký tự.');
  }
  if (!jwtSecret) {
    // Several processes must share one key, so a server on PostgreSQL cannot invent its own.
    if (databaseUrl) throw new ConfigError('JWT_SECRET', 'bắt buộc khi chạy với DATABASE_URL (các tiến trình phải dùng chung khóa).');
    jwtSecret = embeddedJwtSecret(dataDir);
  }
  const jwtTtlSeconds = env.JWT_TTL ? parseDuration('JWT_TTL', env.JWT_TTL) : 8 * 3600;

  const adminPassword = env.ADMIN_PASSWORD === undefined || env.ADMIN_PASSWORD === '' ? undefined : env.ADMIN_PASSWORD;
  if (adminPassword !== undefined && adminPassword.length < 8) {
    throw new ConfigError('ADMIN_PASSWORD', 'phải dài ít nhất 8 ký tự.');
  }
  const loginMaxFailures = int(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000);
  const loginWindowSeconds = env.LOGIN_WINDOW ? parseDuration('LOGIN_WINDOW', env.LOGIN_WINDOW) : 15 * 60;

  const database: DatabaseConfig = databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'embedded', dataDir: join(dataDir, 'pg') };
  const runJobs = database.kind === 'embedded' || !redisUrl ? true : bool(env, 'RUN_JOBS', false);
  if (redisUrl && !databaseUrl) {
    throw new ConfigError('REDIS_URL', 'chỉ dùng được cùng DATABASE_URL (chế độ nhúng chạy tác vụ trong tiến trình).');
  }

  const auditKey = env.AUDIT_KEY?.trim() || (databaseUrl ? undefined : embeddedSecret(dataDir, 'audit-key'));
  if (auditKey !== undefined && auditKey.length < 32) throw new ConfigError('AUDIT_KEY', 'phải dài ít nhất 32 ký tự.');

  return new AppConfig(
    port,
    host,
    database,
    redisUrl,
    workflowsDir,
    jwtSecret,
    {
      current: auditKey ?? jwtSecret,
      previous: (env.AUDIT_KEYS_PREVIOUS ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    },
    jwtTtlSeconds,
    adminPassword,
    loginMaxFailures,
    loginWindowSeconds,
    runJobs,
    dataDir,
    env.QUEUE_PREFIX?.trim() || 'motcua',
    int(env, 'TRUST_PROXY', 0, 0, 10),
    url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    env.MAIL_FROM?.trim() || 'Một Cửa <no-reply@localhost>',
    (url(env, 'PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    Math.max(5, env.SWEEP_INTERVAL ? parseDuration('SWEEP_INTERVAL', env.SWEEP_INTERVAL) : 60) * 1000,
    int(env, 'HEAP_GROWING_PERCENT', 50, 0, 1000),
    int(env, 'DOSSIER_CACHE_SIZE', 10_000, 0, 1_000_000),
    bool(env, 'PGLITE_OPTIMIZE', false),
    oneOf(env, 'LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], 'info'),
    env.METRICS_TOKEN?.trim() || undefined,
    int(env, 'WORKER_METRICS_PORT', 9464, 1, 65535),
    Math.max(1, env.SCHEDULE_CHECK_INTERVAL ? parseDuration('SCHEDULE_CHECK_INTERVAL', env.SCHEDULE_CHECK_INTERVAL) : 30) * 1000,
    {
      lookupPerMinute: int(env, 'RATE_LIMIT_LOOKUPS', 30, 1, 1_000_000),
      loginPerMinute: int(env, 'RATE_LIMIT_LOGINS', 20, 1, 1_000_000),
      ratingPerHour: int(env, 'RATE_LIMIT_RATINGS', 20, 1, 1_000_000),
      // Unset: the feedback process file's perAddressPerHour.
      submissionsPerHour: env.RATE_LIMIT_SUBMISSIONS ? int(env, 'RATE_LIMIT_SUBMISSIONS', 10, 1, 1_000_000) : undefined,
    },
  );
}
