import { Module } from '@nestjs/common';
import { AuthModule } from '@lt/auth';
import { RegistryModule } from '@lt/registry';
import { BullBoardMount } from './bull-board.mount';
import { RegistryController } from './registry.controller';

/** The registry's HTTP side: its controller and Bull Board. */
@Module({
  imports: [AuthModule, RegistryModule],
  controllers: [RegistryController],
  providers: [BullBoardMount],
})
export class RegistryApiModule {}
