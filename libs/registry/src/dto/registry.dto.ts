import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsUUID,
  ValidateIf,
} from 'class-validator';
import { PageDto, PageQuery } from '@lt/core';
import { REGISTRY_STATUSES } from '@lt/production';
import {
  SUBMISSION_KINDS,
  SUBMISSION_STATES,
  SubmissionKind,
  SubmissionState,
} from '../submission-store';

export class RegistryBacklogDto {
  @ApiProperty({
    description: 'Units per registry status (every status listed, zero included)',
    example: {
      NOT_DUE: 10,
      PENDING: 3,
      SUBMITTED: 500,
      REGISTERED: 9000,
      REJECTED: 2,
      DEREGISTERED: 0,
    },
    type: 'object',
    additionalProperties: { type: 'integer' },
  })
  counts: Record<(typeof REGISTRY_STATUSES)[number], number>;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Seconds since the oldest PENDING or SUBMITTED unit passed QC',
  })
  oldestPendingAgeSeconds: number | null;

  @ApiProperty({ description: 'Units that became REGISTERED in the last hour' })
  registeredLastHour: number;

  @ApiProperty({ description: 'Submissions parked as FAILED, waiting for an administrator' })
  failedSubmissions: number;
}

export class SubmissionQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SUBMISSION_STATES })
  @IsOptional()
  @IsIn(SUBMISSION_STATES)
  state?: SubmissionState;
}

export class SubmissionStepDto {
  @ApiProperty() at: Date;
  @ApiProperty({ example: 'create' }) step: string;
  @ApiProperty({ example: 'created' }) outcome: string;
  @ApiProperty({ type: Number, nullable: true }) httpStatus: number | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) detail: Record<
    string,
    unknown
  > | null;
}

export class SubmissionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SUBMISSION_KINDS }) kind: SubmissionKind;
  @ApiProperty({ enum: SUBMISSION_STATES }) state: SubmissionState;
  @ApiProperty({ format: 'uuid' }) deviceModelId: string;
  @ApiProperty({ description: 'The TSV file name sent to the registry; finds our request there' })
  fileName: string;
  @ApiProperty() deviceCount: number;
  @ApiProperty({ type: Number, nullable: true, description: "The registry's request id" }) regId:
    number | null;
  @ApiProperty({ type: String, nullable: true, description: "The registry's tracking id" })
  trackingId: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The registry's last status label" })
  registryStatus: string | null;
  @ApiProperty({ description: 'Failed tries in all' }) attempts: number;
  @ApiProperty() failuresInARow: number;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'The rejected submission this one continues',
  })
  parentId: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ type: Date, nullable: true }) resolvedAt: Date | null;
  @ApiProperty({
    type: [SubmissionStepDto],
    description: 'Every registry call and its answer, oldest first',
  })
  steps: SubmissionStepDto[];
}

export class SubmissionPageDto extends PageDto {
  @ApiProperty({ type: [SubmissionDto] }) items: SubmissionDto[];
}

export class RetryRequestDto {
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description:
      'FAILED submissions to resume where they stopped; REJECTED submissions, to send their units again',
  })
  @ValidateIf((o: RetryRequestDto) => o.unitIds === undefined || o.submissionIds !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('4', { each: true })
  submissionIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description:
      'Units to send again (after a fix): REJECTED units for registration; shipped units whose de-registration the registry rejected, for de-registration',
  })
  @ValidateIf((o: RetryRequestDto) => o.submissionIds === undefined || o.unitIds !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10000)
  @IsUUID('4', { each: true })
  unitIds?: string[];
}

export class RetryResultDto {
  @ApiProperty({
    type: [String],
    description:
      'FAILED submissions resumed, and REJECTED submissions whose units went back to the outbox',
  })
  submissionIds: string[];
  @ApiProperty({ type: [String], description: 'Units put back in the outbox' }) unitIds: string[];
  @ApiProperty({
    type: [String],
    description: 'Ids given that had nothing to send again',
  })
  skipped: string[];
}
