import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { PageDto, PageQuery } from '@lt/core';
import {
  DEVICE_TYPES,
  DeviceModel,
  DeviceType,
  Technology,
  TECHNOLOGIES,
} from '../device-model.entity';
import { STAGE_CODE, STAGE_CODE_RULE } from '../stage-code';

export const TAC = /^\d{8}$/;

export class CreateDeviceModelDto {
  @ApiProperty({ example: 'Tecno' }) @IsString() @Length(1, 100) brand: string;
  @ApiProperty({ example: 'Spark 20' }) @IsString() @Length(1, 200) name: string;

  @ApiProperty({ example: 'KJ5', description: 'Unique per brand, ignoring case.' })
  @IsString()
  @Length(1, 100)
  modelNumber: string;

  @ApiProperty({ enum: DEVICE_TYPES }) @IsIn(DEVICE_TYPES) deviceType: DeviceType;

  @ApiProperty({ enum: TECHNOLOGIES, isArray: true, example: ['2G', '3G', '4G'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TECHNOLOGIES, { each: true })
  technologies: Technology[];

  @ApiProperty({ enum: [1, 2], description: 'IMEIs each unit carries: 2 for dual SIM.' })
  @IsInt()
  @IsIn([1, 2])
  imeisPerDevice: number;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'PTA type approval number.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  typeApprovalNumber?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Android 14',
    description:
      "Operating system as the registry's device step takes it: 1 to 1000 characters, no leading or trailing space, tab or line break. Required before the model's units can be registered.",
  })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  @Matches(/^\S(?:[\s\S]*\S)?$/, {
    message: 'operatingSystem cannot start or end with spaces, tabs or line breaks',
  })
  operatingSystem?: string | null;

  @ApiProperty({
    type: [String],
    example: ['FUNCTIONAL', 'RF', 'FINAL_QC'],
    description: 'QC stage codes in order; no repeats.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(STAGE_CODE, { each: true, message: `each route stage must be ${STAGE_CODE_RULE}` })
  route: string[];

  @ApiProperty({
    type: [String],
    example: ['35123456'],
    description: '8-digit TACs; each belongs to one model only.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @Matches(TAC, { each: true, message: 'each TAC must be 8 digits' })
  tacs: string[];
}

/**
 * Fields left out are kept; `null` clears typeApprovalNumber and operatingSystem. `tacs` replaces the whole set;
 * a TAC that IMEIs were issued from cannot be removed.
 */
export class UpdateDeviceModelDto extends PartialType(CreateDeviceModelDto, {
  skipNullProperties: false,
}) {}

export class DeviceModelQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Ignoring case.' }) @IsOptional() @IsString() brand?: string;
  @ApiPropertyOptional({ description: 'Ignoring case.' })
  @IsOptional()
  @IsString()
  modelNumber?: string;
  @ApiPropertyOptional({ enum: DEVICE_TYPES })
  @IsOptional()
  @IsIn(DEVICE_TYPES)
  deviceType?: DeviceType;
  @ApiPropertyOptional({ example: '35123456', description: 'The model that owns this TAC.' })
  @IsOptional()
  @Matches(TAC, { message: 'tac must be 8 digits' })
  tac?: string;
}

export class DeviceModelDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() brand: string;
  @ApiProperty() name: string;
  @ApiProperty() modelNumber: string;
  @ApiProperty({ enum: DEVICE_TYPES }) deviceType: DeviceType;
  @ApiProperty({ enum: TECHNOLOGIES, isArray: true }) technologies: Technology[];
  @ApiProperty({ enum: [1, 2] }) imeisPerDevice: number;
  @ApiProperty({ type: String, nullable: true }) typeApprovalNumber: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Android 14' }) operatingSystem:
    string | null;
  @ApiProperty({ type: [String] }) route: string[];
  @ApiProperty({ type: [String], description: 'Sorted ascending.' }) tacs: string[];
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class DeviceModelPageDto extends PageDto {
  @ApiProperty({ type: [DeviceModelDto] }) items: DeviceModelDto[];
}

export function toDeviceModelDto(model: DeviceModel, tacs: string[]): DeviceModelDto {
  return {
    id: model.id,
    brand: model.brand,
    name: model.name,
    modelNumber: model.modelNumber,
    deviceType: model.deviceType,
    technologies: [...model.technologies],
    imeisPerDevice: model.imeisPerDevice,
    typeApprovalNumber: model.typeApprovalNumber,
    operatingSystem: model.operatingSystem ?? null,
    route: [...model.route],
    tacs: [...tacs].sort(),
    createdAt: model.createdAt,
    updatedAt: model.updatedAt,
  };
}
