import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A failed login, counted to slow down guessing. Its columns are the migrations' (test/integration/entities.spec.ts
 * compares them).
 */
@Entity('login_attempt')
export class LoginAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'varchar', length: 64 }) username: string;
  @Column({ type: 'varchar', length: 64 }) ip: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'boolean' }) success: boolean;
}
