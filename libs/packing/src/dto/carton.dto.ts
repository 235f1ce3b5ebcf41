import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export class OpenCartonDto {
  @ApiProperty({ example: 20, minimum: 1, maximum: 1000, description: 'Units the carton holds.' })
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity: number;
}

export class PackUnitDto {
  @ApiProperty({
    example: '356938035643809',
    description: 'The unit: its serial number, either IMEI, or its id (what the scanner reads).',
  })
  @IsString()
  @Length(1, 100)
  unit: string;
}

export class UnpackUnitDto {
  @ApiProperty({
    example: 'Box dented; repack',
    description: 'Why the unit comes out of the carton.',
  })
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class AddCartonDto {
  @ApiProperty({
    example: '006141410000000017',
    description: 'SSCC of a closed carton of the same lot.',
  })
  @IsString()
  @Matches(/^\d{18}$/, { message: 'carton must be an 18-digit SSCC' })
  carton: string;
}

export const CARTON_LABEL_FORMATS = ['zpl', 'pdf'] as const;
export type CartonLabelFormat = (typeof CARTON_LABEL_FORMATS)[number];

export class CartonLabelQuery {
  @ApiProperty({ enum: CARTON_LABEL_FORMATS, required: false, default: 'pdf' })
  @IsOptional()
  @IsIn(CARTON_LABEL_FORMATS)
  format: CartonLabelFormat = 'pdf';
}

export class CartonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '006141410000000017' }) sscc: string;
  @ApiProperty({ format: 'uuid' }) lotId: string;
  @ApiProperty({ example: 'EL-LHR1-00001' }) lotNumber: string;
  @ApiProperty({ type: String, nullable: true }) palletSscc: string | null;
  @ApiProperty({ enum: ['OPEN', 'CLOSED'] }) status: 'OPEN' | 'CLOSED';
  @ApiProperty() capacity: number;
  @ApiProperty() unitCount: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: Date, nullable: true }) closedAt: Date | null;
}

export class PackedUnitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() serialNumber: string;
  @ApiProperty({ type: [String] }) imeis: string[];
  @ApiProperty({ example: 'PACKED' }) status: string;
}

export class CartonDetailDto extends CartonDto {
  @ApiProperty({ type: [PackedUnitDto] }) units: PackedUnitDto[];
}

export class PackResultDto {
  @ApiProperty({ type: PackedUnitDto }) unit: PackedUnitDto;
  @ApiProperty({ example: '006141410000000017' }) carton: string;
  @ApiProperty({ description: 'Units in the carton after this scan.' }) unitCount: number;
  @ApiProperty() capacity: number;
  @ApiProperty({
    description: 'True when this scan filled the carton: close it and open the next.',
  })
  full: boolean;
}

export class PalletDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '006141410000000024' }) sscc: string;
  @ApiProperty({ format: 'uuid' }) lotId: string;
  @ApiProperty({ type: [String], description: 'SSCCs of the cartons on the pallet.' })
  cartons: string[];
  @ApiProperty() createdAt: Date;
}
