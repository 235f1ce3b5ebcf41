import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('defect_codes')
export class DefectCode {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() code: string;
  @Column() description: string;
  /** The QC stage the defect is found at, or null for any stage. */
  @Column({ type: 'text', nullable: true }) stage: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
