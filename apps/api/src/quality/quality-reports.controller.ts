import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lt/auth';
import {
  DefectParetoDto,
  DefectsQuery,
  QualityReportsService,
  QualityWindowQuery,
  WipDto,
  WipQuery,
  YieldDto,
} from '@lt/quality';

@ApiTags('quality')
@ApiBearerAuth()
@Roles('MANAGER', 'SUPERVISOR', 'ADMIN')
@Controller('quality')
export class QualityReportsController {
  constructor(private readonly reports: QualityReportsService) {}

  @Get('wip')
  @ApiOkResponse({
    type: WipDto,
    description: 'Units on the floor now, per stage they wait for and status',
  })
  wip(@Query() query: WipQuery): Promise<WipDto> {
    return this.reports.wip(query.lineId);
  }

  @Get('yield')
  @ApiOkResponse({
    type: YieldDto,
    description:
      'Per stage: units tested, first-pass yield, final yield, retests; rolled yield. See docs/quality-formulas.md',
  })
  yield(@Query() query: QualityWindowQuery): Promise<YieldDto> {
    return this.reports.yield(query);
  }

  @Get('defects')
  @ApiOkResponse({
    type: DefectParetoDto,
    description: 'Defect Pareto: count and share per code, largest first',
  })
  defects(@Query() query: DefectsQuery): Promise<DefectParetoDto> {
    return this.reports.defects(query);
  }
}
