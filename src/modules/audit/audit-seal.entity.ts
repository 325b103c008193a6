import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The seal over a record's events hashed before the chain was keyed (event-chain.ts, `verifyChain`). */
@Entity('audit_seal')
export class AuditSealEntity {
  @PrimaryColumn({ type: 'varchar', length: 20 }) log: string;
  @PrimaryColumn({ type: 'uuid', name: 'owner_id' }) ownerId: string;
  @Column({ type: 'integer' }) events: number;
  @Column({ type: 'char', length: 64, name: 'last_hash' }) lastHash: string;
  @Column({ type: 'char', length: 8, name: 'key_id' }) keyId: string;
  @Column({ type: 'char', length: 64 }) mac: string;
  @Column({ type: 'timestamptz', name: 'sealed_at' }) sealedAt: Date;
}
