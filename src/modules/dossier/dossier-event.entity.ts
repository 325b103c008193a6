import { Entity, PrimaryColumn } from 'typeorm';
import { ChainedEventColumns } from '../../common/chained-event.entity.js';

/** One event of a dossier's hash-chained log (test/integration/entities.spec.ts compares it with the migrations). */
@Entity('dossier_event')
export class DossierEventEntity extends ChainedEventColumns {
  @PrimaryColumn({ type: 'uuid', name: 'dossier_id' }) dossierId: string;
}
