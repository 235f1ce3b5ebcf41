import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const WORK_ORDER_STATUSES = ['OPEN', 'CLOSED'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

@Entity('work_orders')
export class WorkOrder {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() number: string;
  @Column({ name: 'device_model_id', type: 'uuid' }) deviceModelId: string;
  @Column({ name: 'line_id', type: 'uuid' }) lineId: string;
  @Column({ type: 'int' }) quantity: number;
  /** YYYY-MM-DD, a calendar day in plant time. */
  @Column({ name: 'due_date', type: 'date' }) dueDate: string;
  @Column({ type: 'text' }) status: WorkOrderStatus;
  /** Units recorded against the order; written only by `record_units`, never by this entity. */
  @Column({ name: 'issued_count', type: 'int', insert: false, update: false }) issuedCount: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
