import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A form 02 or 03 given at the counter to a filing that got no dossier code. Its columns are the migrations'
 * (test/integration/entities.spec.ts compares them).
 */
@Entity('reception_slip')
export class ReceptionSlipEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 20 }) kind: string;
  @Column({ type: 'varchar', length: 60, name: 'agency_code' }) agencyCode: string;
  @Column({ type: 'varchar', length: 20, name: 'procedure_code' }) procedureCode: string;
  @Column({ type: 'varchar', length: 10 }) channel: string;
  @Column({ type: 'jsonb' }) applicant: unknown;
  @Column({ type: 'jsonb' }) missing: unknown;
  @Column({ type: 'varchar', length: 2000, nullable: true }) reason: string | null;
  @Column({ type: 'uuid', name: 'created_by', nullable: true }) createdBy: string | null;
  @Column({ type: 'varchar', length: 200, name: 'created_by_name' }) createdByName: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}
