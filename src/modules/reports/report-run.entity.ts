import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A scheduled report produced for a plan's period. Its columns are the migrations'
 * (test/integration/entities.spec.ts compares them).
 */
@Entity('report_run')
export class ReportRunEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 60, name: 'agency_code' }) agencyCode: string;
  @Column({ type: 'varchar', length: 20 }) form: string;
  @Column({ type: 'varchar', length: 10 }) period: string;
  @Column({ type: 'date', name: 'from_date' }) fromDate: string;
  @Column({ type: 'date', name: 'to_date' }) toDate: string;
  @Column({ type: 'date', name: 'due_on' }) dueOn: string;
  @Column({ type: 'timestamptz', name: 'produced_at' }) producedAt: Date;
  @Column({ type: 'jsonb' }) data: unknown;
}
