import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A delivered (or recorded) message. Its columns are the migrations' (test/integration/entities.spec.ts compares
 * them).
 */
@Entity('notification')
export class NotificationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'bigint', name: 'outbox_id' }) outboxId: string;
  @Column({ type: 'uuid', name: 'dossier_id', nullable: true }) dossierId: string | null;
  @Column({ type: 'varchar', length: 60, name: 'agency_code', nullable: true }) agencyCode: string | null;
  @Column({ type: 'varchar', length: 20 }) audience: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) recipient: string | null;
  @Column({ type: 'varchar', length: 20 }) channel: string;
  @Column({ type: 'varchar', length: 40 }) kind: string;
  @Column({ type: 'varchar', length: 300 }) subject: string;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}
