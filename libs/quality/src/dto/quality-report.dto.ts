import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { UNIT_STATUSES, UnitStatus } from '@lt/production';

export class WipQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'One line; all lines when left out' })
  @IsOptional()
  @IsUUID()
  lineId?: string;
}

export class QualityWindowQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  lineId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  deviceModelId?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Start of the window (inclusive), by test time; default: 24 hours before `to`',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'End of the window (exclusive); default: now',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class DefectsQuery extends QualityWindowQuery {
  @ApiPropertyOptional({ example: 'RF', description: 'Only defects found at this stage' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: 'must be a stage code' })
  @MaxLength(64)
  stage?: string;
}

export class WipStageDto {
  @ApiProperty({ type: String, nullable: true, description: 'The stage the units wait for' })
  stage: string | null;
  @ApiProperty() units: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { IN_QC: 40, FAILED: 3, IN_REWORK: 2, ON_HOLD: 1 },
    description: 'Units per status; statuses with none are left out',
  })
  byStatus: Partial<Record<UnitStatus, number>>;
}

export class WipDto {
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) lineId: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({
    description: 'Units on the floor: assembled, in QC, failed, in rework or on hold',
  })
  units: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, enum: UNIT_STATUSES })
  byStatus: Partial<Record<UnitStatus, number>>;
  @ApiProperty({ type: [WipStageDto], description: 'In route order' }) stages: WipStageDto[];
}

export class StageYieldDto {
  @ApiProperty() stage: string;
  @ApiProperty({ description: 'Distinct units with a result at the stage in the window' })
  unitsTested: number;
  @ApiProperty({ description: 'Units whose first result at the stage is in the window' })
  firstTested: number;
  @ApiProperty() firstPassed: number;
  @ApiProperty({ type: Number, nullable: true, description: 'firstPassed / firstTested' })
  firstPassYield: number | null;
  @ApiProperty({ description: 'Units tested in the window that passed the stage in the window' })
  unitsPassed: number;
  @ApiProperty({ type: Number, nullable: true, description: 'unitsPassed / unitsTested' })
  finalYield: number | null;
  @ApiProperty({ description: "Results that were not the unit's first at the stage" })
  retests: number;
  @ApiProperty() results: number;
}

export class YieldDto {
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) lineId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) deviceModelId: string | null;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ type: [StageYieldDto], description: 'In route order' }) stages: StageYieldDto[];
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Product of firstPassYield over the stages',
  })
  rolledYield: number | null;
}

export class DefectShareDto {
  @ApiProperty() code: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The code's stage; null for any stage",
  })
  stage: string | null;
  @ApiProperty() count: number;
  @ApiProperty({ description: 'count / totalDefects' }) share: number;
  @ApiProperty({ description: 'Share of this code and all before it' }) cumulativeShare: number;
}

export class DefectParetoDto {
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) lineId: string | null;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ description: 'Failed results in the window' }) failedResults: number;
  @ApiProperty({ description: 'Defect codes named on them (a result may name several)' })
  totalDefects: number;
  @ApiProperty({ type: [DefectShareDto], description: 'Largest count first' })
  defects: DefectShareDto[];
}
