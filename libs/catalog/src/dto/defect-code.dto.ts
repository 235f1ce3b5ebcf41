import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageDto, PageQuery } from '@lt/core';
import { DefectCode } from '../defect-code.entity';
import { STAGE_CODE, STAGE_CODE_RULE } from '../stage-code';

export class CreateDefectCodeDto {
  @ApiProperty({ example: 'NO_SIGNAL', description: 'Unique; uppercase letters, digits and _.' })
  @IsString()
  @Length(1, 40)
  @Matches(/^[A-Z0-9_]+$/, {
    message: 'code must be uppercase letters, digits and _, e.g. NO_SIGNAL',
  })
  code: string;

  @ApiProperty({ example: 'No network signal in call test' })
  @IsString()
  @Length(1, 500)
  description: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'RF',
    description: 'The QC stage it belongs to; none for any stage.',
  })
  @IsOptional()
  @Matches(STAGE_CODE, { message: `stage must be ${STAGE_CODE_RULE}` })
  stage?: string | null;
}

/** Fields left out are kept; `null` clears stage. */
export class UpdateDefectCodeDto extends PartialType(CreateDefectCodeDto, {
  skipNullProperties: false,
}) {}

export class DefectCodeQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'RF' }) @IsOptional() @IsString() stage?: string;
  @ApiPropertyOptional({ example: 'NO_SIGNAL' }) @IsOptional() @IsString() code?: string;
}

export class DefectCodeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'NO_SIGNAL' }) code: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, nullable: true, example: 'RF' }) stage: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class DefectCodePageDto extends PageDto {
  @ApiProperty({ type: [DefectCodeDto] }) items: DefectCodeDto[];
}

export function toDefectCodeDto(defect: DefectCode): DefectCodeDto {
  return {
    id: defect.id,
    code: defect.code,
    description: defect.description,
    stage: defect.stage,
    createdAt: defect.createdAt,
    updatedAt: defect.updatedAt,
  };
}
