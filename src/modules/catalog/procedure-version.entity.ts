import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A published definition of a procedure; a dossier pins the version it was received under. Its columns are the
 * migrations' (test/integration/entities.spec.ts compares them).
 */
@Entity('procedure_version')
export class ProcedureVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 }) code: string;
  @PrimaryColumn({ type: 'integer' }) version: number;
  @Column({ type: 'char', length: 64 }) hash: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) field: string;
  @Column({ type: 'jsonb' }) definition: unknown;
  @Column({ type: 'timestamptz', name: 'published_at' }) publishedAt: Date;
}
