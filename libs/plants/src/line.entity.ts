import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Shift } from './shift-schedule';

@Entity('lines')
export class Line {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'plant_id', type: 'uuid' }) plantId: string;
  @Column() code: string;
  @Column() name: string;
  @Column({ name: 'daily_capacity', type: 'int' }) dailyCapacity: number;
  @Column({ type: 'jsonb' }) shifts: Shift[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
