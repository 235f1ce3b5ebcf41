import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@lt/auth';
import { AddCartonDto, CartonsService, PalletDto } from '@lt/packing';
import { PACKING_ROLES } from './export-lots.controller';

@ApiTags('packing')
@ApiBearerAuth()
@Controller('pallets')
@Roles(...PACKING_ROLES)
export class PalletsController {
  constructor(private readonly cartons: CartonsService) {}

  @Post(':sscc/cartons')
  @ApiCreatedResponse({ type: PalletDto })
  @ApiConflictResponse({
    description: 'Carton not closed, of another lot, already on a pallet, or the lot is sealed',
  })
  addCarton(@CurrentActor() actor: Actor, @Param('sscc') sscc: string, @Body() body: AddCartonDto) {
    return this.cartons.addToPallet(actor, sscc, body.carton);
  }
}
