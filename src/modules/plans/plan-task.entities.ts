import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/*
 * The plan's tasks' tables (migrations/1765800000000-plan-tasks.sql). The service writes them with SQL; these say their
 * columns for TypeORM (test/integration/entities.spec.ts compares them with the migrations).
 */

/** Where one instance of a task stands: in progress or done, and the day it was done. */
@Entity('plan_task_state')
export class PlanTaskStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 80, name: 'plan_id' }) planId: string;
  @PrimaryColumn({ type: 'varchar', length: 16, name: 'task_id' }) taskId: string;
  @PrimaryColumn({ type: 'varchar', length: 7 }) period: string;
  @Column({ type: 'varchar', length: 12 }) status: string;
  @Column({ type: 'date', name: 'done_on', nullable: true }) doneOn: string | null;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}

/** One entry a unit recorded: progress, done or reopened, with its note and evidence. */
@Entity('plan_task_entry')
export class PlanTaskEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'varchar', length: 80, name: 'plan_id' }) planId: string;
  @Column({ type: 'varchar', length: 16, name: 'task_id' }) taskId: string;
  @Column({ type: 'varchar', length: 7 }) period: string;
  @Column({ type: 'varchar', length: 10 }) kind: string;
  @Column({ type: 'text' }) note: string;
  @Column({ type: 'varchar', length: 300, name: 'evidence_ref', nullable: true }) evidenceRef: string | null;
  @Column({ type: 'varchar', length: 200, name: 'evidence_name', nullable: true }) evidenceName: string | null;
  @Column({ type: 'varchar', length: 100, name: 'evidence_type', nullable: true }) evidenceType: string | null;
  @Column({ type: 'bytea', name: 'evidence_data', nullable: true }) evidenceData: Buffer | null;
  @Column({ type: 'varchar', length: 60, name: 'unit_code', nullable: true }) unitCode: string | null;
  @Column({ type: 'uuid', name: 'author_id' }) authorId: string;
  @Column({ type: 'varchar', length: 200, name: 'author_name' }) authorName: string;
  @Column({ type: 'timestamptz', name: 'recorded_at' }) recordedAt: Date;
}

/** A reminder sent, one per instance and kind. */
@Entity('plan_task_reminder')
export class PlanTaskReminderEntity {
  @PrimaryColumn({ type: 'varchar', length: 80, name: 'plan_id' }) planId: string;
  @PrimaryColumn({ type: 'varchar', length: 16, name: 'task_id' }) taskId: string;
  @PrimaryColumn({ type: 'varchar', length: 7 }) period: string;
  @PrimaryColumn({ type: 'varchar', length: 10 }) kind: string;
  @Column({ type: 'timestamptz', name: 'sent_at' }) sentAt: Date;
}
