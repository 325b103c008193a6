import { Entity, PrimaryColumn } from 'typeorm';
import { ChainedEventColumns } from '../../common/chained-event.entity.js';

/** One event of a feedback item's hash-chained log (test/integration/entities.spec.ts compares it with the migrations). */
@Entity('feedback_event')
export class FeedbackEventEntity extends ChainedEventColumns {
  @PrimaryColumn({ type: 'uuid', name: 'feedback_id' }) feedbackId: string;
}
