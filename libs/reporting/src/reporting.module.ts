import { Module } from '@nestjs/common';
import { DailyOutputService } from './daily-output.service';
import { ReportCountsService } from './report-counts.service';

@Module({
  providers: [DailyOutputService, ReportCountsService],
  exports: [DailyOutputService, ReportCountsService],
})
export class ReportingModule {}
