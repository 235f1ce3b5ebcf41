import { Module } from '@nestjs/common';
import { QcResultsService } from './qc-results.service';
import { QualityReportsService } from './quality-reports.service';
import { UnitDispositionService } from './unit-disposition.service';

/** QC results and the route rules, rework, hold and scrap, and the yield and defect reports. */
@Module({
  providers: [QcResultsService, UnitDispositionService, QualityReportsService],
  exports: [QcResultsService, UnitDispositionService, QualityReportsService],
})
export class QualityModule {}
