import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { REGISTRY_STATUSES, RegistryStatus, UNIT_STATUSES, UnitStatus } from '@lt/production';

export class ReworkUnitDto {
  @ApiProperty({ example: 'Replaced RF connector' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  note: string;

  @ApiPropertyOptional({
    example: 'RPL-RF-CONN',
    description: 'The repair done, as the plant codes it',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  repairCode?: string;
}

export class HoldUnitDto {
  @ApiProperty({ example: 'Suspect battery lot B-0412' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

export class ReleaseUnitDto {
  @ApiProperty({ example: 'Battery lot cleared by incoming QC' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  note: string;
}

export class ScrapUnitDto {
  @ApiProperty({ example: 'Cracked main board' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

export class UnitDispositionEventDto {
  @ApiProperty({ example: 'HELD' }) type: string;
  @ApiProperty({ enum: UNIT_STATUSES }) fromStatus: UnitStatus;
  @ApiProperty({ enum: UNIT_STATUSES }) toStatus: UnitStatus;
  @ApiProperty({ type: String, nullable: true }) stage: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() actor: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
}

export class UnitDispositionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() serialNumber: string;
  @ApiProperty({ enum: UNIT_STATUSES }) status: UnitStatus;
  @ApiProperty({
    enum: UNIT_STATUSES,
    nullable: true,
    description: 'The status a release returns to',
  })
  heldFromStatus: UnitStatus | null;
  @ApiProperty({ type: String, nullable: true }) nextStage: string | null;
  @ApiProperty() routePosition: number;
  @ApiProperty({ enum: REGISTRY_STATUSES }) registryStatus: RegistryStatus;
  @ApiProperty({
    type: UnitDispositionEventDto,
    description: 'The event this action wrote to the unit history',
  })
  event: UnitDispositionEventDto;
}
