import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Monthly sums per commune, procedure and metric (the rollup). Its columns are the migrations'
 * (test/integration/entities.spec.ts compares them).
 */
@Entity('dossier_month')
export class DossierMonthEntity {
  @PrimaryColumn({ type: 'varchar', length: 60, name: 'agency_code' }) agencyCode: string;
  @PrimaryColumn({ type: 'varchar', length: 20, name: 'procedure_code' }) procedureCode: string;
  @PrimaryColumn({ type: 'date' }) month: string;
  @PrimaryColumn({ type: 'varchar', length: 24 }) metric: string;
  @Column({ type: 'integer' }) n: number;
}
