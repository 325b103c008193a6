import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A message written with the change that caused it, waiting to be delivered. Its columns are the migrations'
 * (test/integration/entities.spec.ts compares them).
 */
@Entity('outbox')
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'varchar', length: 40 }) topic: string;
  @Column({ type: 'jsonb' }) payload: unknown;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'available_at' }) availableAt: Date;
  @Column({ type: 'integer' }) attempts: number;
  @Column({ type: 'varchar', length: 1000, name: 'last_error', nullable: true }) lastError: string | null;
  @Column({ type: 'timestamptz', name: 'delivered_at', nullable: true }) deliveredAt: Date | null;
}
