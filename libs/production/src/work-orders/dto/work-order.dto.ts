import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PageDto, PageQuery } from '@lt/core';
import { WORK_ORDER_STATUSES, WorkOrder, WorkOrderStatus } from '../work-order.entity';

export class CreateWorkOrderDto {
  @ApiProperty({ example: 'WO-2025-0142', description: 'Unique.' })
  @IsString()
  @Length(1, 50)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, {
    message: 'number must be letters, digits, ., _, / or -, e.g. WO-2025-0142',
  })
  number: string;

  @ApiProperty({ format: 'uuid' }) @IsUUID() deviceModelId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() lineId: string;

  @ApiProperty({ example: 5500, description: 'Units to build.' })
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  quantity: number;

  @ApiProperty({ example: '2025-06-30', format: 'date' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'dueDate must be a real calendar date' })
  dueDate: string;

  @ApiPropertyOptional({ enum: WORK_ORDER_STATUSES, default: 'OPEN' })
  @IsOptional()
  @IsIn(WORK_ORDER_STATUSES)
  status?: WorkOrderStatus;
}

/** Fields left out are kept. */
export class UpdateWorkOrderDto extends PartialType(CreateWorkOrderDto, {
  skipNullProperties: false,
}) {}

export class WorkOrderQuery extends PageQuery {
  @ApiPropertyOptional({ enum: WORK_ORDER_STATUSES })
  @IsOptional()
  @IsIn(WORK_ORDER_STATUSES)
  status?: WorkOrderStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() lineId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() deviceModelId?: string;
  @ApiPropertyOptional({ example: 'WO-2025-0142' }) @IsOptional() @IsString() number?: string;
}

export class WorkOrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'WO-2025-0142' }) number: string;
  @ApiProperty({ format: 'uuid' }) deviceModelId: string;
  @ApiProperty({ format: 'uuid' }) lineId: string;
  @ApiProperty({ example: 5500 }) quantity: number;
  @ApiProperty({ example: '2025-06-30', format: 'date' }) dueDate: string;
  @ApiProperty({ enum: WORK_ORDER_STATUSES }) status: WorkOrderStatus;
  @ApiProperty({ description: 'Units recorded against the order so far' }) unitsRecorded: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class WorkOrderPageDto extends PageDto {
  @ApiProperty({ type: [WorkOrderDto] }) items: WorkOrderDto[];
}

export function toWorkOrderDto(order: WorkOrder): WorkOrderDto {
  return {
    id: order.id,
    number: order.number,
    deviceModelId: order.deviceModelId,
    lineId: order.lineId,
    quantity: order.quantity,
    dueDate: order.dueDate,
    status: order.status,
    unitsRecorded: order.issuedCount ?? 0,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
