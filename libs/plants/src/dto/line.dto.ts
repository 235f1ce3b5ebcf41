import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageDto, PageQuery } from '@lt/core';
import { Line } from '../line.entity';
import { DEFAULT_SHIFTS, HH_MM } from '../shift-schedule';

export class ShiftDto {
  @ApiProperty({ example: 'A' }) @IsString() @Length(1, 20) name: string;
  @ApiProperty({ example: '06:00', description: 'HH:MM in plant time.' })
  @Matches(HH_MM, { message: 'start must be a time as HH:MM' })
  start: string;
  @ApiProperty({
    example: '14:00',
    description: 'HH:MM in plant time; at or before start means the next day.',
  })
  @Matches(HH_MM, { message: 'end must be a time as HH:MM' })
  end: string;
}

export class CreateLineDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() plantId: string;

  @ApiProperty({ example: 'L1', description: 'Unique within the plant.' })
  @IsString()
  @Length(1, 20)
  @Matches(/^[A-Z0-9_-]+$/, { message: 'code must be uppercase letters, digits, - or _, e.g. L1' })
  code: string;

  @ApiProperty({ example: 'Line 1' }) @IsString() @Length(1, 200) name: string;

  @ApiProperty({ example: 3400, description: 'Units the line can build in a day.' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  dailyCapacity: number;

  @ApiPropertyOptional({
    type: [ShiftDto],
    default: DEFAULT_SHIFTS,
    description: 'Must not overlap; default three 8-hour shifts from 06:00.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(24)
  @ValidateNested({ each: true })
  @Type(() => ShiftDto)
  shifts?: ShiftDto[];
}

/** A line stays in its plant; every other field may change. */
export class UpdateLineDto extends PartialType(OmitType(CreateLineDto, ['plantId'] as const), {
  skipNullProperties: false,
}) {}

export class LineQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() plantId?: string;
  @ApiPropertyOptional({ example: 'L1' }) @IsOptional() @IsString() code?: string;
}

export class LineDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) plantId: string;
  @ApiProperty({ example: 'L1' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 3400 }) dailyCapacity: number;
  @ApiProperty({ type: [ShiftDto] }) shifts: ShiftDto[];
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class LinePageDto extends PageDto {
  @ApiProperty({ type: [LineDto] }) items: LineDto[];
}

export function toLineDto(line: Line): LineDto {
  return {
    id: line.id,
    plantId: line.plantId,
    code: line.code,
    name: line.name,
    dailyCapacity: line.dailyCapacity,
    shifts: line.shifts.map((s) => ({ name: s.name, start: s.start, end: s.end })),
    createdAt: line.createdAt,
    updatedAt: line.updatedAt,
  };
}
