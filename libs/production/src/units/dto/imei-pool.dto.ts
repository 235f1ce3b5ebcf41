import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsString,
  Matches,
  ValidateIf,
} from 'class-validator';

export const MAX_LIST_POOL_SIZE = 100_000;

export class CreateImeiPoolDto {
  @ApiProperty({ enum: ['range', 'list'] })
  @IsIn(['range', 'list'])
  kind: 'range' | 'list';

  @ApiPropertyOptional({ example: '35123456', description: "range: one of the model's TACs" })
  @ValidateIf((o: CreateImeiPoolDto) => o.kind === 'range')
  @Matches(/^\d{8}$/, { message: 'tac must be 8 digits' })
  tac?: string;

  @ApiPropertyOptional({
    example: '000000',
    description: 'range: first 6-digit serial within the TAC',
  })
  @ValidateIf((o: CreateImeiPoolDto) => o.kind === 'range')
  @Matches(/^\d{6}$/, { message: 'first must be 6 digits, "000000" to "999999"' })
  first?: string;

  @ApiPropertyOptional({ example: '099999', description: 'range: last 6-digit serial, inclusive' })
  @ValidateIf((o: CreateImeiPoolDto) => o.kind === 'range')
  @Matches(/^\d{6}$/, { message: 'last must be 6 digits, "000000" to "999999"' })
  last?: string;

  @ApiPropertyOptional({
    type: [String],
    description: `list: up to ${MAX_LIST_POOL_SIZE} IMEIs supplied by the brand owner`,
  })
  @ValidateIf((o: CreateImeiPoolDto) => o.kind === 'list')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LIST_POOL_SIZE)
  @IsString({ each: true })
  imeis?: string[];
}

export class ImeiPoolDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['range', 'list'] }) kind: 'range' | 'list';
  @ApiPropertyOptional({ type: String, nullable: true }) tac: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) first: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) last: string | null;
  @ApiProperty() size: number;
  @ApiProperty() issued: number;
  @ApiProperty() remaining: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() createdBy: string;
}

export class ImeiPoolsDto {
  @ApiProperty() deviceModelId: string;
  @ApiProperty({ type: [ImeiPoolDto] }) pools: ImeiPoolDto[];
  @ApiProperty() size: number;
  @ApiProperty() issued: number;
  @ApiProperty() remaining: number;
  @ApiProperty({
    description: 'The remaining count below which the model is reported as running low',
  })
  lowStockThreshold: number;
  @ApiPropertyOptional({ nullable: true, example: 'Only 812 IMEIs left for Acme A1: add a pool.' })
  warning: string | null;
}
