import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PageDto, PageQuery } from '@lt/core';
import { AQL_VALUES } from '../sampling-plan';

export const LOT_STATUSES = [
  'OPEN',
  'INSPECTING',
  'ACCEPTED',
  'ON_HOLD',
  'SEALED',
  'SHIPPED',
] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];

export class CreateExportLotDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'The plant that packs the lot; its GS1 company prefix numbers the cartons and pallets.',
  })
  @IsUUID()
  plantId: string;

  @ApiProperty({
    example: 'AE',
    description: 'ISO 3166-1 alpha-2 code of the destination; PK for a domestic lot.',
  })
  @IsISO31661Alpha2({
    message: 'destinationCountry must be an ISO 3166-1 alpha-2 country code, e.g. AE',
  })
  destinationCountry: string;

  @ApiProperty({ example: 'Gulf Mobile Trading LLC, Dubai' })
  @IsString()
  @Length(1, 300)
  consignee: string;

  @ApiProperty({ example: 5500, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  plannedQuantity: number;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The device models the lot may carry.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  deviceModelIds: string[];

  @ApiPropertyOptional({ default: true, description: 'Only REGISTERED units may be packed.' })
  @IsOptional()
  @IsBoolean()
  requiresRegistration?: boolean;

  @ApiPropertyOptional({
    default: 0.65,
    enum: AQL_VALUES,
    description: 'AQL of the outgoing inspection (ISO 2859-1 standard values 0.010 to 1000).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @IsIn(AQL_VALUES, {
    message: `aql must be one of the ISO 2859-1 values ${AQL_VALUES.join(', ')}`,
  })
  aql?: number;
}

export class StatusCountsDto {
  @ApiProperty() total: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { PACKED: 5480, ON_HOLD: 20 },
  })
  byStatus: Record<string, number>;
}

export class LotCountsDto {
  @ApiProperty({ type: StatusCountsDto, description: 'Packed units by unit status.' })
  units: StatusCountsDto;
  @ApiProperty({ type: StatusCountsDto, description: 'Cartons by OPEN / CLOSED.' })
  cartons: StatusCountsDto;
  @ApiProperty({ type: StatusCountsDto, description: 'Pallets by EMPTY / LOADED.' })
  pallets: StatusCountsDto;
  @ApiProperty({ description: 'Cartons not yet on a pallet.' }) cartonsWithoutPallet: number;
}

export class ExportLotDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'EL-LHR1-00001' }) number: string;
  @ApiProperty({ enum: LOT_STATUSES }) status: LotStatus;
  @ApiProperty({ format: 'uuid' }) plantId: string;
  @ApiProperty({ example: 'AE' }) destinationCountry: string;
  @ApiProperty() consignee: string;
  @ApiProperty() plannedQuantity: number;
  @ApiProperty({ type: [String] }) deviceModelIds: string[];
  @ApiProperty() requiresRegistration: boolean;
  @ApiProperty({ example: 0.65 }) aql: number;
  @ApiProperty({ type: String, nullable: true }) invoiceNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) transportDocument: string | null;
  @ApiProperty({ type: Date, nullable: true }) sealedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) shippedAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class ExportLotQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() plantId?: string;
  @ApiPropertyOptional({ enum: LOT_STATUSES }) @IsOptional() @IsIn(LOT_STATUSES) status?: LotStatus;
}

export class ExportLotSummaryDto extends ExportLotDto {
  @ApiProperty({ description: 'Units packed in the lot so far (progress against plannedQuantity)' })
  packedUnits: number;
}

export class ExportLotPageDto extends PageDto {
  @ApiProperty({ type: [ExportLotSummaryDto] }) items: ExportLotSummaryDto[];
}

export class ExportLotDetailDto extends ExportLotDto {
  @ApiProperty({ type: LotCountsDto }) counts: LotCountsDto;
}

export class ReleaseLotDto {
  @ApiProperty({
    example: 'Lot screened 100 %: 4 units with scratched glass unpacked and replaced',
    description: 'What was done about the rejection, for the audit trail',
  })
  @IsString()
  @Length(1, 1000)
  @Matches(/\S/, { message: 'note must not be blank' })
  note: string;
}

export class ShipLotDto {
  @ApiProperty({ example: 'INV-2026-0042' }) @IsString() @Length(1, 100) invoiceNumber: string;
  @ApiProperty({
    example: 'AWB 176-12345675',
    description: 'Bill of lading or air waybill number.',
  })
  @IsString()
  @Length(1, 100)
  transportDocument: string;
  @ApiPropertyOptional({ description: 'When the goods left; defaults to now. Not in the future.' })
  @IsOptional()
  @Type(() => Date)
  shippedAt?: Date;
}

export interface LotRow {
  id: string;
  number: string;
  status: LotStatus;
  plant_id: string;
  destination_country: string;
  consignee: string;
  planned_quantity: number;
  device_model_ids: string[];
  requires_registration: boolean;
  aql: string;
  invoice_number: string | null;
  transport_document: string | null;
  sealed_at: Date | null;
  shipped_at: Date | null;
  created_at: Date;
}

export function toExportLotDto(row: LotRow): ExportLotDto {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    plantId: row.plant_id,
    destinationCountry: row.destination_country,
    consignee: row.consignee,
    plannedQuantity: row.planned_quantity,
    deviceModelIds: row.device_model_ids,
    requiresRegistration: row.requires_registration,
    aql: Number(row.aql),
    invoiceNumber: row.invoice_number,
    transportDocument: row.transport_document,
    sealedAt: row.sealed_at,
    shippedAt: row.shipped_at,
    createdAt: row.created_at,
  };
}
