import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsOptional, IsString, IsUUID } from 'class-validator';
import { PageDto, PageQuery } from '@lt/core';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'plant' }) @IsOptional() @IsString() entity?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() entityId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional() @IsOptional() @IsDateString() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsDateString() to?: string;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() at: Date;
  @ApiPropertyOptional({ type: String, nullable: true }) userId: string | null;
  @ApiProperty() actor: string;
  @ApiProperty() entity: string;
  @ApiProperty() entityId: string;
  @ApiProperty() action: string;
  @ApiPropertyOptional({ nullable: true, type: Object }) before: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true, type: Object }) after: Record<string, unknown> | null;
}

export class AuditPageDto extends PageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
}
