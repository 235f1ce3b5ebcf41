import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, IsTimeZone, Length, Matches } from 'class-validator';
import { PageDto, PageQuery } from '@lt/core';
import { Plant } from '../plant.entity';

export const DEFAULT_TIMEZONE = 'Asia/Karachi';

export class CreatePlantDto {
  @ApiProperty({ example: 'LHR1', description: 'Unique; uppercase letters and digits.' })
  @IsString()
  @Length(1, 20)
  @Matches(/^[A-Z0-9]+$/, { message: 'code must be uppercase letters and digits, e.g. LHR1' })
  code: string;

  @ApiProperty({ example: 'Lahore plant 1' }) @IsString() @Length(1, 200) name: string;

  @ApiPropertyOptional({
    example: 'Asia/Karachi',
    default: DEFAULT_TIMEZONE,
    description: 'IANA time zone of the plant.',
  })
  @IsOptional()
  @IsTimeZone({ message: 'timezone must be an IANA time zone, e.g. Asia/Karachi' })
  timezone?: string;

  @ApiPropertyOptional({
    type: String,
    example: '8961234',
    nullable: true,
    description: 'GS1 company prefix for SSCCs, 7 to 10 digits.',
  })
  @IsOptional()
  @Matches(/^\d{7,10}$/, { message: 'gs1CompanyPrefix must be 7 to 10 digits' })
  gs1CompanyPrefix?: string | null;
}

/** Fields left out are kept; `null` clears gs1CompanyPrefix. */
export class UpdatePlantDto extends PartialType(CreatePlantDto, { skipNullProperties: false }) {}

export class PlantQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'LHR1' }) @IsOptional() @IsString() code?: string;
}

export class PlantDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'LHR1' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'Asia/Karachi' }) timezone: string;
  @ApiProperty({ type: String, nullable: true, example: '8961234' }) gs1CompanyPrefix:
    string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class PlantPageDto extends PageDto {
  @ApiProperty({ type: [PlantDto] }) items: PlantDto[];
}

export function toPlantDto(plant: Plant): PlantDto {
  return {
    id: plant.id,
    code: plant.code,
    name: plant.name,
    timezone: plant.timezone,
    gs1CompanyPrefix: plant.gs1CompanyPrefix,
    createdAt: plant.createdAt,
    updatedAt: plant.updatedAt,
  };
}
