import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 50;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

export interface Page<T> {
  items: T[];
  total: number;
  /** False when the list stopped counting: there are at least `total` items. */
  totalExact: boolean;
  limit: number;
  offset: number;
}

export function pageOf<T>(items: T[], total: number, query: PageQuery, totalExact = true): Page<T> {
  return { items, total, totalExact, limit: query.limit, offset: query.offset };
}

/** Swagger shape of a page; subclass with the item type for each list endpoint. */
export class PageDto {
  @ApiProperty() total: number;
  @ApiProperty({
    description:
      'false when the list stopped counting (the unit list, past UNIT_LIST_COUNT_LIMIT beyond the page): there are at least `total` items',
  })
  totalExact: boolean;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
