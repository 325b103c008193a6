import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An agency of the hierarchy, as loaded from workflows/agencies.yaml (kept for joins and history). Its columns are
 * the migrations' (test/integration/entities.spec.ts compares them).
 */
@Entity('agency')
export class AgencyEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) code: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'varchar', length: 16 }) level: string;
  @Column({ type: 'varchar', length: 64, name: 'parent_code', nullable: true }) parentCode: string | null;
  @Column({ type: 'varchar', length: 64, name: 'province_code' }) provinceCode: string;
  @Column({ type: 'varchar', length: 64, name: 'commune_code', nullable: true }) communeCode: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) kind: string | null;
  @Column({ type: 'varchar', length: 32, name: 'unit_id' }) unitId: string;
  @Column({ type: 'boolean' }) active: boolean;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
