import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../../config/app-config.js';
import { Db } from '../../database/db.js';
import type { UserView } from './user.dto.js';

export type Account = Omit<UserView, 'createdAt'>;

/** A backstop only: changes are forgotten at once through the notifications below. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 50_000;
const CHANNEL = 'app_user_changed';

/**
 * The accounts the auth guard checks on every request, kept in memory so that an action costs one database round
 * trip less. Disabling an account or changing its roles still takes effect at once:
 * - this process forgets the account when it changes it (`forget`);
 * - a trigger on app_user notifies every process (`LISTEN app_user_changed` on PostgreSQL), which forgets it too;
 * - while that listening connection is down, nothing is served from memory (and all is forgotten on reconnect).
 * Embedded mode is one process (PGlite locks its directory), so the first point is enough there.
 */
@Injectable()
export class AccountCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AccountCache');
  private readonly entries = new Map<string, { account: Account; at: number }>();
  /** Bumped on every change heard of: a read that began before it must not be kept. */
  private generation = 0;
  private trusted: boolean;
  private listener: pg.Client | null = null;
  private closing = false;

  constructor(
    private readonly db: Db,
    private readonly config: AppConfig,
  ) {
    this.trusted = config.embedded;
  }

  async get(id: string): Promise<Account | undefined> {
    const hit = this.entries.get(id);
    if (hit && this.trusted && Date.now() - hit.at < TTL_MS) return hit.account;
    const generation = this.generation;
    const [account] = await this.db.statement<Account>(
      'SELECT id, username, full_name AS "fullName", roles, agency_code AS "agencyCode", active FROM app_user WHERE id = $1',
      [id],
      'auth-account',
    );
    if (account && this.trusted && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(id, { account, at: Date.now() });
    }
    return account;
  }

  forget(id: string): void {
    this.generation++;
    this.entries.delete(id);
  }

  onApplicationBootstrap(): Promise<void> {
    return this.config.database.kind === 'postgres' ? this.listen(this.config.database.url) : Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(url: string): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (n) => {
      if (n.payload) this.forget(n.payload);
    });
    const lost = (): void => {
      if (this.listener !== client) return;
      this.listener = null;
      this.trusted = false;
      this.entries.clear();
      client.end().catch(() => undefined);
      if (!this.closing) this.retry(url);
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (e) {
      client.end().catch(() => undefined);
      this.logger.warn(`account change notifications unavailable, accounts are read on every request: ${(e as Error).message}`);
      if (!this.closing) this.retry(url);
      return;
    }
    this.listener = client;
    // Anything kept before now may have changed unheard.
    this.forgetAll();
    this.trusted = true;
  }

  private forgetAll(): void {
    this.generation++;
    this.entries.clear();
  }

  private retry(url: string): void {
    setTimeout(() => void this.listen(url), 2000).unref();
  }
}
