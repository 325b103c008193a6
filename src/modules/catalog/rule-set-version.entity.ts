import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A published rule set: its values never change under its id, and dossiers pinned to it read it back from here if
 * its file is gone. Its columns are the migrations' (test/integration/entities.spec.ts compares them).
 */
@Entity('rule_set_version')
export class RuleSetVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 60 }) id: string;
  @Column({ type: 'char', length: 64 }) hash: string;
  @Column({ type: 'jsonb' }) content: unknown;
  @Column({ type: 'timestamptz', name: 'published_at' }) publishedAt: Date;
}
