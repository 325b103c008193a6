import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ROLES = ['admin', 'reception', 'specialist', 'leader', 'manager', 'province_viewer', 'importer'] as const;
export type Role = (typeof ROLES)[number];

@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 64 }) username: string;
  @Column({ type: 'text', name: 'full_name' }) fullName: string;
  @Column({ type: 'text', name: 'password_hash', select: false }) passwordHash: string;
  @Column({ type: 'text', array: true }) roles: Role[];
  @Column({ type: 'varchar', length: 64, name: 'agency_code', nullable: true }) agencyCode: string | null;
  @Column({ type: 'boolean' }) active: boolean;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
