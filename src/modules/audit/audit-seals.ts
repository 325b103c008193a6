import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ChainKeys, type ChainSeal, DOSSIER_LOG, type EventLog, FEEDBACK_LOG, sealText } from '../../common/event-chain.js';
import { Db, type Queryable } from '../../database/db.js';

/**
 * Seals the events hashed before the audit chain was keyed (issue 25): at start, every record with such events and no
 * seal gets one, a MAC under the current key of how many they are and the last one's hash. Idempotent and safe with
 * several processes starting at once (one seal per record).
 */
@Injectable()
export class AuditSeals implements OnApplicationBootstrap {
  private readonly logger = new Logger('AuditSeals');

  constructor(
    private readonly db: Db,
    private readonly keys: ChainKeys,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const log of [DOSSIER_LOG, FEEDBACK_LOG]) {
      const n = await this.sealLegacy(log, this.keys);
      if (n) this.logger.log(`niêm phong nhật ký cũ (chưa có khóa) của ${n} bản ghi trong ${log.table}`);
    }
  }

  private async sealLegacy(log: EventLog, keys: ChainKeys): Promise<number> {
    return this.db.tx(async (em) => {
      const open: { owner: string; events: number; last_hash: string }[] = await em.query(
        `SELECT e.${log.key} AS owner, count(*)::int AS events, (array_agg(e.hash ORDER BY e.seq DESC))[1] AS last_hash
         FROM ${log.table} e WHERE e.key_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.log = $1 AND s.owner_id = e.${log.key})
         GROUP BY e.${log.key}`,
        [log.table],
      );
      for (const r of open) {
        const mac = keys.mac(keys.current.key, sealText(log, r.owner, r.events, r.last_hash));
        await em.query(
          `INSERT INTO audit_seal (log, owner_id, events, last_hash, key_id, mac) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (log, owner_id) DO NOTHING`,
          [log.table, r.owner, r.events, r.last_hash, keys.current.id, mac],
        );
      }
      return open.length;
    });
  }
}

/** A record's seal, if its log has events from before the chain was keyed. */
export async function sealOf(q: Queryable, log: EventLog, ownerId: string): Promise<ChainSeal | null> {
  const [s] = await q.query('SELECT events, last_hash, key_id, mac FROM audit_seal WHERE log = $1 AND owner_id = $2', [log.table, ownerId]);
  return s ? { events: Number(s.events), lastHash: s.last_hash, keyId: s.key_id, mac: s.mac } : null;
}
