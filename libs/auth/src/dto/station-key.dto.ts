import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PageDto } from '@lt/core';
import { StationKey } from '../station-key.entity';

export class CreateStationKeyDto {
  @ApiProperty({ example: 'L1 RF tester 2' }) @IsString() @Length(1, 200) name: string;
}

export class StationKeyDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'The first characters of the key, to tell keys apart' })
  keyPrefix: string;
  @ApiProperty() createdAt: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  lastUsedAt: Date | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  revokedAt: Date | null;
}

export class CreatedStationKeyDto extends StationKeyDto {
  @ApiProperty({ description: 'The key itself, shown this once only; send it as X-Api-Key' })
  apiKey: string;
}

export class StationKeyPageDto extends PageDto {
  @ApiProperty({ type: [StationKeyDto] }) items: StationKeyDto[];
}

export function toStationKeyDto(key: StationKey): StationKeyDto {
  return {
    id: key.id,
    name: key.name,
    keyPrefix: key.keyPrefix,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
  };
}
