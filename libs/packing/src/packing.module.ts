import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '@lt/core';
import { CartonLabelService } from './carton-label.service';
import { CartonsService } from './cartons.service';
import { ExportLotsService } from './export-lots.service';
import { InspectionService } from './inspection.service';
import { ManifestService } from './manifest.service';

/** Export lots, cartons and pallets with SSCCs, the outgoing inspection, manifests and labels. */
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    ExportLotsService,
    CartonsService,
    InspectionService,
    ManifestService,
    CartonLabelService,
  ],
  exports: [
    ExportLotsService,
    CartonsService,
    InspectionService,
    ManifestService,
    CartonLabelService,
  ],
})
export class PackingModule {}
