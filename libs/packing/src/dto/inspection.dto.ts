import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsString,
  Length,
  ValidateIf,
} from 'class-validator';

export class InspectionPlanDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['IN_PROGRESS', 'ACCEPTED', 'REJECTED'] }) status: string;
  @ApiProperty({ example: 5500 }) lotSize: number;
  @ApiProperty({ example: 0.65 }) aql: number;
  @ApiProperty({
    example: 'L',
    description: 'Sample-size code letter (ISO 2859-1 Table 1, general level II).',
  })
  codeLetter: string;
  @ApiProperty({
    example: 'L',
    description: 'Letter of the plan used after following the arrows of Table 2-A.',
  })
  planLetter: string;
  @ApiProperty({ example: 200 }) sampleSize: number;
  @ApiProperty({ example: 3 }) acceptNumber: number;
  @ApiProperty({ example: 4 }) rejectNumber: number;
  @ApiProperty({ description: 'Sampled units with a result so far.' }) inspected: number;
  @ApiProperty({ description: 'Sampled units that failed.' }) defectives: number;
}

export class FailedPackedUnitDto {
  @ApiProperty() serialNumber: string;
  @ApiProperty({ description: 'SSCC of the carton it is packed in' }) carton: string;
}

export class InspectionDrawDto extends InspectionPlanDto {
  @ApiProperty({
    type: [String],
    description: 'Serial numbers of the units drawn, in the order drawn.',
  })
  units: string[];
  @ApiProperty({
    type: [FailedPackedUnitDto],
    description:
      'Units of the lot that failed an outgoing inspection and are still packed in it, with their carton: unpack them before a new sample is drawn.',
  })
  failedUnits: FailedPackedUnitDto[];
}

export class InspectionResultDto {
  @ApiProperty({ description: 'A sampled unit: serial number, IMEI or id.' })
  @IsString()
  @Length(1, 100)
  unit: string;
  @ApiProperty({ enum: ['PASS', 'FAIL'] }) @IsIn(['PASS', 'FAIL']) result: 'PASS' | 'FAIL';
  @ApiPropertyOptional({
    type: [String],
    description: 'Required for FAIL: the defect codes found.',
  })
  @ValidateIf((o: InspectionResultDto) => o.result === 'FAIL' || o.defectCodes !== undefined)
  @IsArray()
  @ArrayMinSize(1, { message: 'defectCodes must name at least one defect code for a FAIL' })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  defectCodes?: string[];
}
