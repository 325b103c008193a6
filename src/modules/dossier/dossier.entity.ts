import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A dossier: its rules state (`state`) and the columns reports and lists query. Its columns are the migrations'
 * (test/integration/entities.spec.ts compares them).
 */
@Entity('dossier')
export class DossierEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 60 }) code: string;
  @Column({ type: 'varchar', length: 60, name: 'agency_code' }) agencyCode: string;
  @Column({ type: 'varchar', length: 60, name: 'receiving_agency_code' }) receivingAgencyCode: string;
  @Column({ type: 'varchar', length: 20, name: 'procedure_code' }) procedureCode: string;
  @Column({ type: 'integer', name: 'procedure_version' }) procedureVersion: number;
  @Column({ type: 'varchar', length: 60, name: 'rule_set_id' }) ruleSetId: string;
  @Column({ type: 'varchar', length: 10 }) channel: string;
  @Column({ type: 'jsonb' }) applicant: unknown;
  @Column({ type: 'varchar', length: 200, name: 'applicant_name' }) applicantName: string;
  @Column({ type: 'varchar', length: 20, name: 'applicant_id_number' }) applicantIdNumber: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) subject: string | null;
  @Column({ type: 'jsonb' }) documents: unknown;
  @Column({ type: 'jsonb' }) state: unknown;
  @Column({ type: 'jsonb', name: 'clock_history', nullable: true }) clockHistory: unknown;
  @Column({ type: 'varchar', length: 30 }) status: string;
  @Column({ type: 'varchar', length: 30 }) condition: string;
  @Column({ type: 'varchar', length: 10 }) clock: string;
  @Column({ type: 'varchar', length: 60, name: 'step_id', nullable: true }) stepId: string | null;
  @Column({ type: 'varchar', length: 60, name: 'step_owner_code', nullable: true }) stepOwnerCode: string | null;
  @Column({ type: 'timestamptz', name: 'step_due_at', nullable: true }) stepDueAt: Date | null;
  @Column({ type: 'timestamptz', name: 'received_at' }) receivedAt: Date;
  @Column({ type: 'timestamptz', name: 'due_at' }) dueAt: Date;
  @Column({ type: 'timestamptz', name: 'original_due_at' }) originalDueAt: Date;
  @Column({ type: 'timestamptz', name: 'overdue_at', nullable: true }) overdueAt: Date | null;
  @Column({ type: 'timestamptz', name: 'warn_at', nullable: true }) warnAt: Date | null;
  @Column({ type: 'timestamptz', name: 'warned_at', nullable: true }) warnedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'step_warn_at', nullable: true }) stepWarnAt: Date | null;
  @Column({ type: 'timestamptz', name: 'step_warned_at', nullable: true }) stepWarnedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'apology_due_by', nullable: true }) apologyDueBy: Date | null;
  @Column({ type: 'timestamptz', name: 'apology_reminded_at', nullable: true }) apologyRemindedAt: Date | null;
  @Column({ type: 'integer', name: 'apology_count' }) apologyCount: number;
  @Column({ type: 'varchar', length: 10, nullable: true }) outcome: string | null;
  @Column({ type: 'timestamptz', name: 'resolved_at', nullable: true }) resolvedAt: Date | null;
  @Column({ type: 'varchar', length: 10, name: 'result_class', nullable: true }) resultClass: string | null;
  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true }) finishedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'returned_at', nullable: true }) returnedAt: Date | null;
  @Column({ type: 'boolean', name: 'online_payment', nullable: true }) onlinePayment: boolean | null;
  @Column({ type: 'boolean', name: 'electronic_result', nullable: true }) electronicResult: boolean | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) rating: string | null;
  @Column({ type: 'varchar', length: 1000, name: 'rating_comment', nullable: true }) ratingComment: string | null;
  @Column({ type: 'timestamptz', name: 'rated_at', nullable: true }) ratedAt: Date | null;
  @Column({ type: 'boolean' }) imported: boolean;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'integer', name: 'event_count' }) eventCount: number;
  @Column({ type: 'char', length: 64, name: 'last_hash' }) lastHash: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
  @Column({ type: 'jsonb', name: 'rollup_basis', nullable: true }) rollupBasis: unknown | null;
  @Column({ type: 'boolean', name: 'rollup_dirty' }) rollupDirty: boolean;
  @Column({ type: 'text', name: 'tracking_secret' }) trackingSecret: string;
  @Column({ type: 'text', name: 'applicant_name_folded' }) applicantNameFolded: string;
  @Column({ type: 'varchar', length: 64, name: 'department_code', nullable: true }) departmentCode: string | null;
}
