import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MaxJsonBytes } from '@lt/core';
import { UNIT_STATUSES, REGISTRY_STATUSES, RegistryStatus, UnitStatus } from '@lt/production';

const STAGE = /^[A-Z][A-Z0-9_]*$/;
const STAGE_RULE = 'must be a stage code: uppercase letters, digits and _, e.g. FINAL_QC';
export const QC_OUTCOMES = ['PASS', 'FAIL'] as const;
export const MAX_BATCH_ITEMS = 1000;
/** A test station's readings for one result; a full batch of them fits the batch route's body limit. */
export const MAX_MEASUREMENTS_BYTES = 4096;

export class RecordQcResultDto {
  @ApiProperty({ example: 'RF', description: "The stage tested; must be the unit's next stage" })
  @IsString()
  @Matches(STAGE, { message: STAGE_RULE })
  @MaxLength(64)
  stage: string;

  @ApiProperty({ enum: QC_OUTCOMES })
  @IsIn(QC_OUTCOMES)
  result: 'PASS' | 'FAIL';

  @ApiPropertyOptional({
    type: [String],
    example: ['RF-LOW-POWER'],
    description: 'Required (at least one) for a FAIL',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(64, { each: true })
  defectCodes?: string[];

  @ApiPropertyOptional({
    example: 'L1-RF-02',
    description: 'The bench or tester that produced the result',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  station?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { txPowerDbm: 22.5 },
    description: `The station's readings; at most ${MAX_MEASUREMENTS_BYTES} bytes as JSON`,
  })
  @IsOptional()
  @IsObject()
  @MaxJsonBytes(MAX_MEASUREMENTS_BYTES)
  measurements?: Record<string, unknown>;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the test ran; defaults to when it is recorded',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  testedAt?: string;
}

export class BatchQcResultItemDto extends RecordQcResultDto {
  @ApiProperty({ description: "The unit's id, serial number or IMEI", example: 'KHL1251201000001' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  unit: string;

  @ApiProperty({
    description:
      "The item's idempotency key (8 to 200 letters, digits or . _ : -): a retried item with the same key changes nothing",
  })
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{8,200}$/, {
    message: 'must be 8 to 200 letters, digits or . _ : -, as an Idempotency-Key header',
  })
  key: string;
}

export class BatchQcResultsDto {
  @ApiProperty({ type: [BatchQcResultItemDto], maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => BatchQcResultItemDto)
  results: BatchQcResultItemDto[];
}

/** Where the unit stands after a result or an action. */
export class UnitQcStateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() serialNumber: string;
  @ApiProperty({ enum: UNIT_STATUSES }) status: UnitStatus;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The stage the unit must be tested at next',
  })
  nextStage: string | null;
  @ApiProperty({ description: '0-based position of nextStage on the route' }) routePosition: number;
  @ApiProperty({ enum: REGISTRY_STATUSES }) registryStatus: RegistryStatus;
}

export class QcResultDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() serialNumber: string;
  @ApiProperty() stage: string;
  @ApiProperty({ enum: QC_OUTCOMES }) result: 'PASS' | 'FAIL';
  @ApiProperty({
    description: "1 for the unit's first result at this stage, 2 for the first retest, ...",
  })
  attempt: number;
  @ApiProperty() firstAtStage: boolean;
  @ApiProperty({ type: [String] }) defectCodes: string[];
  @ApiProperty({ type: String, nullable: true }) station: string | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) measurements: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ format: 'date-time' }) testedAt: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty() recordedBy: string;
  @ApiProperty({
    type: UnitQcStateDto,
    description: "The unit's status and next stage after this result",
  })
  unit: UnitQcStateDto;
}

export class BatchQcErrorDto {
  @ApiProperty() type: string;
  @ApiProperty() title: string;
  @ApiProperty() status: number;
  @ApiProperty() detail: string;
}

export class BatchQcItemOutcomeDto {
  @ApiProperty() key: string;
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional({
    description: 'True when the key was seen before and the first answer is replayed',
  })
  replayed?: boolean;
  @ApiPropertyOptional({ type: QcResultDto }) result?: QcResultDto;
  @ApiPropertyOptional({ description: 'The HTTP status this item alone would have had' })
  status?: number;
  @ApiPropertyOptional({
    type: BatchQcErrorDto,
    description: 'problem+json of the refusal, with its facts',
  })
  error?: BatchQcErrorDto;
}

export class BatchQcResultsResponseDto {
  @ApiProperty() accepted: number;
  @ApiProperty() refused: number;
  @ApiProperty({ type: [BatchQcItemOutcomeDto], description: 'One per item, in the order sent' })
  items: BatchQcItemOutcomeDto[];
}
