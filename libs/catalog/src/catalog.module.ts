import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DefectCode } from './defect-code.entity';
import { DefectCodesService } from './defect-codes.service';
import { DeviceModel, DeviceModelTac } from './device-model.entity';
import { DeviceModelsService } from './device-models.service';

/** What the plant builds (device models with their TACs and QC routes) and how it fails (defect codes). */
@Module({
  imports: [TypeOrmModule.forFeature([DeviceModel, DeviceModelTac, DefectCode])],
  providers: [DeviceModelsService, DefectCodesService],
  exports: [DeviceModelsService, DefectCodesService],
})
export class CatalogModule {}
