import { Column, PrimaryColumn } from 'typeorm';

/** The columns of a hash-chained event log (`event-chain.ts`), shared by the dossiers' and the feedback's logs. */
export abstract class ChainedEventColumns {
  @PrimaryColumn({ type: 'integer' }) seq: number;
  @Column({ type: 'varchar', length: 40 }) action: string;
  @Column({ type: 'uuid', name: 'actor_id', nullable: true }) actorId: string | null;
  @Column({ type: 'varchar', length: 200, name: 'actor_name' }) actorName: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'varchar', length: 60, name: 'from_status', nullable: true }) fromStatus: string | null;
  @Column({ type: 'varchar', length: 60, name: 'to_status' }) toStatus: string;
  @Column({ type: 'jsonb' }) payload: unknown;
  @Column({ type: 'varchar', length: 2000, nullable: true }) note: string | null;
  @Column({ type: 'char', length: 64, name: 'prev_hash' }) prevHash: string;
  @Column({ type: 'char', length: 64 }) hash: string;
  /** The audit key that keyed `hash` (HMAC); null for the events hashed before the chain was keyed (sealed). */
  @Column({ type: 'char', length: 8, name: 'key_id', nullable: true }) keyId: string | null;
  @Column({ type: 'timestamptz', name: 'recorded_at' }) recordedAt: Date;
}
