import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuthModule } from '@lt/auth';
import { CatalogModule } from '@lt/catalog';
import { AppConfigModule } from '@lt/config';
import { DatabaseModule } from '@lt/database';
import { PlantsModule } from '@lt/plants';
import { UnitsModule, WorkOrdersModule } from '@lt/production';
import { LoggingModule } from '@lt/logging';
import { PackingModule } from '@lt/packing';
import { QualityModule } from '@lt/quality';
import { QueueModule } from '@lt/queue';
import { ReportingModule } from '@lt/reporting';
import { AuditLogController } from './auth/audit-log.controller';
import { AuthController } from './auth/auth.controller';
import { StationKeysController } from './auth/station-keys.controller';
import { UsersController } from './auth/users.controller';
import { DefectCodesController } from './catalog/defect-codes.controller';
import { DeviceModelsController } from './catalog/device-models.controller';
import { HealthModule } from './health/health.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { CartonsController } from './packing/cartons.controller';
import { ExportLotsController } from './packing/export-lots.controller';
import { PalletsController } from './packing/pallets.controller';
import { createValidationPipe } from './http/validation.pipe';
import { QcResultsController } from './quality/qc-results.controller';
import { QualityReportsController } from './quality/quality-reports.controller';
import { UnitDispositionController } from './quality/unit-disposition.controller';
import { ReportsController } from './reporting/reports.controller';
import { LinesController } from './plants/lines.controller';
import { PlantsController } from './plants/plants.controller';
import { ImeiPoolsController } from './production/imei-pools.controller';
import { SerialPatternController } from './production/serial-pattern.controller';
import { UnitsController } from './production/units.controller';
import { WorkOrdersController } from './production/work-orders.controller';
import { RegistryApiModule } from './registry/registry-api.module';

@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    DatabaseModule,
    QueueModule,
    AuthModule,
    HealthModule,
    PlantsModule,
    CatalogModule,
    WorkOrdersModule,
    UnitsModule,
    QualityModule,
    PackingModule,
    ReportingModule,
    RegistryApiModule,
  ],
  controllers: [
    AuthController,
    UsersController,
    StationKeysController,
    AuditLogController,
    PlantsController,
    LinesController,
    DeviceModelsController,
    DefectCodesController,
    WorkOrdersController,
    UnitsController,
    ImeiPoolsController,
    SerialPatternController,
    QcResultsController,
    UnitDispositionController,
    QualityReportsController,
    ExportLotsController,
    CartonsController,
    PalletsController,
    ReportsController,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class ApiModule {}
