import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last sequence number given per unit and day (dossier codes, domain.md §4). Its columns are the migrations'
 * (test/integration/entities.spec.ts compares them).
 */
@Entity('dossier_code_counter')
export class DossierCodeCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 32, name: 'unit_id' }) unitId: string;
  @PrimaryColumn({ type: 'date' }) day: string;
  @Column({ type: 'integer' }) last: number;
}
