import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How far an officer has read the bell. Its columns are the migrations' (test/integration/entities.spec.ts compares
 * them).
 */
@Entity('notification_seen')
export class NotificationSeenEntity {
  @PrimaryColumn({ type: 'uuid', name: 'user_id' }) userId: string;
  @Column({ type: 'bigint', name: 'last_id' }) lastId: string;
}
