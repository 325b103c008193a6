import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Facts about this database (its first start, the seed it was given). Its columns are the migrations'
 * (test/integration/entities.spec.ts compares them).
 */
@Entity('app_meta')
export class AppMetaEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) key: string;
  @Column({ type: 'text' }) value: string;
}
