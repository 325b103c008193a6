import { Entity, PrimaryColumn } from 'typeorm';

/**
 * A public submission, counted per address to limit abuse. Its columns are the migrations'
 * (test/integration/entities.spec.ts compares them).
 */
// The table has no key of its own (a log counted per address): TypeORM needs one, so the pair stands for it here.
@Entity('feedback_submission')
export class FeedbackSubmissionEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 }) address: string;
  @PrimaryColumn({ type: 'timestamptz' }) at: Date;
}
