import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A feedback item (PAKN): its machine state and the columns lists query. Its columns are the migrations'
 * (test/integration/entities.spec.ts compares them).
 */
@Entity('feedback')
export class FeedbackEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 60 }) code: string;
  @Column({ type: 'varchar', length: 60, name: 'agency_code' }) agencyCode: string;
  @Column({ type: 'varchar', length: 20 }) channel: string;
  @Column({ type: 'jsonb' }) sender: object;
  @Column({ type: 'varchar', length: 300 }) subject: string;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'varchar', length: 20 }) about: string;
  @Column({ type: 'uuid', name: 'dossier_id', nullable: true }) dossierId: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) address: string | null;
  @Column({ type: 'double precision', nullable: true }) lat: number | null;
  @Column({ type: 'double precision', nullable: true }) long: number | null;
  @Column({ type: 'jsonb' }) state: object;
  @Column({ type: 'varchar', length: 20 }) status: string;
  @Column({ type: 'varchar', length: 60, name: 'unit_code', nullable: true }) unitCode: string | null;
  @Column({ type: 'timestamptz', name: 'received_at' }) receivedAt: Date;
  @Column({ type: 'timestamptz', name: 'classify_due_at' }) classifyDueAt: Date;
  @Column({ type: 'timestamptz', name: 'due_at' }) dueAt: Date;
  @Column({ type: 'text', nullable: true }) answer: string | null;
  @Column({ type: 'timestamptz', name: 'answered_at', nullable: true }) answeredAt: Date | null;
  @Column({ type: 'timestamptz', name: 'published_at', nullable: true }) publishedAt: Date | null;
  @Column({ type: 'boolean', name: 'on_time', nullable: true }) onTime: boolean | null;
  @Column({ type: 'varchar', length: 2000, name: 'out_of_scope_reason', nullable: true }) outOfScopeReason: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) rating: string | null;
  @Column({ type: 'timestamptz', name: 'rated_at', nullable: true }) ratedAt: Date | null;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'integer', name: 'event_count' }) eventCount: number;
  @Column({ type: 'char', length: 64, name: 'last_hash' }) lastHash: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
  @Column({ type: 'timestamptz', name: 'warn_at', nullable: true }) warnAt: Date | null;
  @Column({ type: 'timestamptz', name: 'warned_at', nullable: true }) warnedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'step_warn_at', nullable: true }) stepWarnAt: Date | null;
  @Column({ type: 'timestamptz', name: 'step_warned_at', nullable: true }) stepWarnedAt: Date | null;
}
