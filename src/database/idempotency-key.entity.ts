import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A POST already answered under an Idempotency-Key, with its answer. Its columns are the migrations'
 * (test/integration/entities.spec.ts compares them).
 */
@Entity('idempotency_key')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 }) scope: string;
  @PrimaryColumn({ type: 'varchar', length: 200 }) key: string;
  @Column({ type: 'char', length: 64, name: 'request_hash' }) requestHash: string;
  @Column({ type: 'integer', nullable: true }) status: number | null;
  @Column({ type: 'jsonb', nullable: true }) body: unknown | null;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'lease_until', nullable: true }) leaseUntil: Date | null;
}
