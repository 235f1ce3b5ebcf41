import { Module } from '@nestjs/common';
import { AuthModule } from '@lt/auth';
import { RegistryAdminService, RegistryModule } from '@lt/registry';
import { BullBoardMount } from './bull-board.mount';
import { RegistryController } from './registry.controller';

/** The registry's HTTP side: its controller, the administrator's service (it writes the audit trail) and Bull Board. */
@Module({
  imports: [AuthModule, RegistryModule],
  controllers: [RegistryController],
  providers: [RegistryAdminService, BullBoardMount],
})
export class RegistryApiModule {}
