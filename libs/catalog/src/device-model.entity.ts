import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const DEVICE_TYPES = ['Smartphone', 'Feature phone', 'Tablet', 'Other'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/** In this order in every answer, whatever order they were sent in. */
export const TECHNOLOGIES = ['2G', '3G', '4G', '5G'] as const;
export type Technology = (typeof TECHNOLOGIES)[number];

@Entity('device_models')
export class DeviceModel {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() brand: string;
  @Column() name: string;
  @Column({ name: 'model_number' }) modelNumber: string;
  @Column({ name: 'device_type', type: 'text' }) deviceType: DeviceType;
  @Column({ type: 'text', array: true }) technologies: Technology[];
  @Column({ name: 'imeis_per_device', type: 'smallint' }) imeisPerDevice: number;
  @Column({ name: 'type_approval_number', type: 'text', nullable: true }) typeApprovalNumber:
    string | null;
  /** The registry's device step requires it (e.g. "Android 14"); units of a model without it are not sent. */
  @Column({ name: 'operating_system', type: 'text', nullable: true }) operatingSystem:
    string | null;
  /** QC stage codes in the order a unit passes them. */
  @Column({ type: 'text', array: true }) route: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** A TAC belongs to exactly one model: the table's key is the TAC itself. */
@Entity('device_model_tacs')
export class DeviceModelTac {
  @Column({ type: 'char', length: 8, primary: true }) tac: string;
  @Column({ name: 'device_model_id', type: 'uuid' }) deviceModelId: string;
}
