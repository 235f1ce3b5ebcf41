import {
  DynamicModule,
  MiddlewareConsumer,
  Module,
  NestModule,
  RequestMethod,
} from '@nestjs/common';
import { AdminController } from './admin/admin.controller';
import { PreregisterService } from './admin/preregister.service';
import { StatsService } from './admin/stats.service';
import { ImeiController } from './core/imei.controller';
import { ImeiLookupService } from './core/imei-lookup.service';
import { TacController } from './core/tac.controller';
import { TacStore } from './core/tac-store';
import { SimDatabase } from './db/sim-database';
import { DeregistrationController } from './drs/deregistration.controller';
import { DeregistrationService } from './drs/deregistration.service';
import { DeviceStepService } from './drs/device-step.service';
import { DownloadsController } from './drs/downloads.controller';
import { RegistrationController } from './drs/registration.controller';
import { RegistrationService } from './drs/registration.service';
import { ReportService } from './drs/report.service';
import { SearchController } from './drs/search.controller';
import { SearchService } from './drs/search.service';
import { FaultInjector } from './faults/fault-injector';
import { FaultState } from './faults/fault-state';
import { AuthMiddleware } from './http/auth.middleware';
import { Processor } from './processing/processor';
import { ResolvedSimOptions, SIM_OPTIONS } from './sim-options';

@Module({})
export class RegistrySimModule implements NestModule {
  static forRoot(options: ResolvedSimOptions): DynamicModule {
    return {
      module: RegistrySimModule,
      controllers: [
        RegistrationController,
        DeregistrationController,
        SearchController,
        DownloadsController,
        ImeiController,
        TacController,
        AdminController,
      ],
      providers: [
        { provide: SIM_OPTIONS, useValue: options },
        SimDatabase,
        FaultState,
        FaultInjector,
        AuthMiddleware,
        Processor,
        TacStore,
        RegistrationService,
        DeviceStepService,
        DeregistrationService,
        SearchService,
        ReportService,
        ImeiLookupService,
        StatsService,
        PreregisterService,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(AuthMiddleware, FaultInjector)
      .forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
