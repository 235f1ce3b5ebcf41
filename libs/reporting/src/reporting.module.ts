import { Module } from '@nestjs/common';
import { DailyOutputService } from './daily-output.service';

@Module({ providers: [DailyOutputService], exports: [DailyOutputService] })
export class ReportingModule {}
