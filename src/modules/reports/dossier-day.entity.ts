import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Daily sums per commune, procedure and metric (the rollup). Its columns are the migrations'
 * (test/integration/entities.spec.ts compares them).
 */
@Entity('dossier_day')
export class DossierDayEntity {
  @PrimaryColumn({ type: 'varchar', length: 60, name: 'agency_code' }) agencyCode: string;
  @PrimaryColumn({ type: 'varchar', length: 20, name: 'procedure_code' }) procedureCode: string;
  @PrimaryColumn({ type: 'date' }) day: string;
  @PrimaryColumn({ type: 'varchar', length: 24 }) metric: string;
  @Column({ type: 'integer' }) n: number;
}
