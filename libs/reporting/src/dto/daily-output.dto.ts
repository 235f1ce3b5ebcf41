import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class DailyOutputQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID() plantId: string;
  @ApiPropertyOptional({
    example: '2026-11-23',
    description: "The plant's local day; default today in the plant's time zone",
  })
  @IsOptional()
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date?: string;
}

export class OutputSeriesQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID() plantId: string;
  @ApiProperty({ example: '2026-11-01' })
  @Matches(DATE, { message: 'from must be YYYY-MM-DD' })
  from: string;
  @ApiProperty({ example: '2026-11-30', description: 'inclusive' })
  @Matches(DATE, { message: 'to must be YYYY-MM-DD' })
  to: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv']) format?:
    'json' | 'csv';
}

export class OutputCounts {
  @ApiProperty({ description: 'Units recorded off the line' }) assembled: number;
  @ApiProperty({ description: 'Units that passed their last QC stage' }) passed: number;
  @ApiProperty({ description: 'Units packed, less units unpacked' }) packed: number;
  @ApiProperty() shipped: number;
  @ApiProperty() scrapped: number;
}

export class ShiftOutput extends OutputCounts {
  @ApiProperty() name: string;
  @ApiProperty({ example: '06:00' }) start: string;
  @ApiProperty({ example: '14:00' }) end: string;
}

export class HourOutput {
  @ApiProperty({ description: 'Plant-local hour, 0..23' }) hour: number;
  @ApiProperty() assembled: number;
  @ApiProperty() passed: number;
}

export class DefectCount {
  @ApiProperty() code: string;
  @ApiProperty() count: number;
}

export class RegistryCounts {
  @ApiProperty({
    description: 'Of the units passed that day: registered with the national registry',
  })
  registered: number;
  @ApiProperty({ description: 'Pending or submitted' }) pending: number;
  @ApiProperty() rejected: number;
}

export class OutputFigures extends OutputCounts {
  @ApiProperty() dailyCapacity: number;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'passed / capacity x 100, 1 decimal',
  })
  attainmentPct: number | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Product of first-pass yield over the stages tested that day',
  })
  rolledFirstPassYield: number | null;
  @ApiProperty({ type: [DefectCount] }) topDefects: DefectCount[];
  @ApiProperty({ type: RegistryCounts }) registry: RegistryCounts;
  @ApiProperty({ type: [ShiftOutput] }) shifts: ShiftOutput[];
  @ApiProperty({ type: [HourOutput] }) hourly: HourOutput[];
}

export class LineOutput extends OutputFigures {
  @ApiProperty() lineId: string;
  @ApiProperty() lineCode: string;
  @ApiProperty() lineName: string;
}

export class DailyOutputDto {
  @ApiProperty() plantId: string;
  @ApiProperty() plantCode: string;
  @ApiProperty() timezone: string;
  @ApiProperty({ example: '2026-11-23' }) date: string;
  @ApiProperty({ description: 'Start of the local day, UTC' }) from: string;
  @ApiProperty({ description: 'End of the local day (exclusive), UTC' }) to: string;
  @ApiProperty({ type: [LineOutput] }) lines: LineOutput[];
  @ApiProperty({ type: OutputFigures, description: 'The whole plant' }) plant: OutputFigures;
}

export class OutputDayDto extends OutputCounts {
  @ApiProperty({ example: '2026-11-23' }) date: string;
  @ApiProperty() dailyCapacity: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) attainmentPct: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) rolledFirstPassYield: number | null;
}

export class OutputSeriesDto {
  @ApiProperty() plantId: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [OutputDayDto] }) days: OutputDayDto[];
}
