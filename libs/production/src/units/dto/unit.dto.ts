import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageDto, PageQuery } from '@lt/core';
import { REGISTRY_STATUSES, RegistryStatus, UNIT_STATUSES, UnitStatus } from '../unit-status';

export const MAX_BATCH_UNITS = 10_000;

export class RecordUnitDto {
  @ApiProperty() @IsUUID() workOrderId: string;
}

export class RecordUnitBatchDto {
  @ApiProperty() @IsUUID() workOrderId: string;
  @ApiProperty({ minimum: 1, maximum: MAX_BATCH_UNITS })
  @IsInt()
  @Min(1)
  @Max(MAX_BATCH_UNITS)
  count: number;
}

export class UnitQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() workOrderId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() lineId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() deviceModelId?: string;
  @ApiPropertyOptional({ enum: UNIT_STATUSES })
  @IsOptional()
  @IsIn(UNIT_STATUSES)
  status?: UnitStatus;
  @ApiPropertyOptional({ enum: REGISTRY_STATUSES })
  @IsOptional()
  @IsIn(REGISTRY_STATUSES)
  registryStatus?: RegistryStatus;
  @ApiPropertyOptional({ description: 'assembled at or after' })
  @IsOptional()
  @IsDateString()
  assembledFrom?: string;
  @ApiPropertyOptional({ description: 'assembled before' })
  @IsOptional()
  @IsDateString()
  assembledTo?: string;
}

export class UnitDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'LHR1L126112300042' }) serialNumber: string;
  @ApiProperty({ type: [String], example: ['351234560000002', '351234560000010'] }) imeis: string[];
  @ApiProperty() deviceModelId: string;
  @ApiProperty() workOrderId: string;
  @ApiProperty() lineId: string;
  @ApiProperty({ enum: UNIT_STATUSES }) status: UnitStatus;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The stage the unit must pass next; null when none is due',
  })
  nextStage: string | null;
  @ApiProperty({ enum: REGISTRY_STATUSES }) registryStatus: RegistryStatus;
  @ApiPropertyOptional({ type: String, nullable: true }) registryReason: string | null;
  @ApiProperty() assembledAt: Date;
}

export class UnitEventDto {
  @ApiProperty() at: Date;
  @ApiProperty({ example: 'QC_PASS' }) type: string;
  @ApiPropertyOptional({ type: String, nullable: true }) fromStatus: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) toStatus: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) stage: string | null;
  @ApiProperty() actor: string;
  @ApiPropertyOptional({ nullable: true, type: Object }) details: Record<string, unknown> | null;
}

export class UnitDetailDto extends UnitDto {
  @ApiProperty({ type: [String] }) route: string[];
  @ApiProperty() brand: string;
  @ApiProperty() modelName: string;
  @ApiProperty() workOrderNumber: string;
  @ApiProperty() lineCode: string;
  @ApiProperty() plantCode: string;
  @ApiProperty({ type: [UnitEventDto] }) history: UnitEventDto[];
}

/** A unit in a list, with the last thing that happened to it: why it is on hold, and since when. */
export class UnitListItemDto extends UnitDto {
  @ApiProperty({ type: UnitEventDto, nullable: true }) lastEvent: UnitEventDto | null;
}

export class UnitPageDto extends PageDto {
  @ApiProperty({ type: [UnitListItemDto] }) items: UnitListItemDto[];
}

export class UnitBatchDto {
  @ApiProperty() count: number;
  @ApiProperty({ type: [UnitDto] }) units: UnitDto[];
}
