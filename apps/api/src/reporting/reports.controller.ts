import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '@lt/auth';
import {
  DailyOutputDto,
  DailyOutputQuery,
  DailyOutputService,
  OutputSeriesDto,
  OutputSeriesQuery,
  outputSeriesCsv,
} from '@lt/reporting';
import { InvalidInputError } from '@lt/core';

const MAX_SERIES_DAYS = 366;

@ApiTags('reports')
@ApiBearerAuth()
@Roles('MANAGER', 'ADMIN', 'SUPERVISOR')
@Controller('reports')
export class ReportsController {
  constructor(private readonly output: DailyOutputService) {}

  @Get('daily-output')
  @ApiOkResponse({ type: DailyOutputDto })
  daily(@Query() query: DailyOutputQuery): Promise<DailyOutputDto> {
    return this.output.daily(query.plantId, query.date);
  }

  @Get('output')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: OutputSeriesDto, description: '?format=csv downloads the same as CSV' })
  async series(
    @Query() query: OutputSeriesQuery,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<OutputSeriesDto | string> {
    const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 + 1;
    if (!(days >= 1)) throw InvalidInputError.field('to', 'must not be before from');
    if (days > MAX_SERIES_DAYS)
      throw InvalidInputError.field('to', `at most ${MAX_SERIES_DAYS} days after from`);
    const series = await this.output.series(query.plantId, query.from, query.to);
    if (query.format !== 'csv') return series;
    res
      .type('text/csv')
      .header('Content-Disposition', `attachment; filename="output-${query.from}-${query.to}.csv"`);
    return outputSeriesCsv(series);
  }
}
