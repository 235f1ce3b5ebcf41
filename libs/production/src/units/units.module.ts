import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '@lt/core';
import { ImeiPoolsService } from './imei-pools.service';
import { SerialPatternsService } from './serial-patterns.service';
import { UnitLabelService } from './unit-label.service';
import { UnitsService } from './units.service';

@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    UnitsService,
    ImeiPoolsService,
    SerialPatternsService,
    UnitLabelService,
  ],
  exports: [UnitsService, ImeiPoolsService, SerialPatternsService, UnitLabelService],
})
export class UnitsModule {}
