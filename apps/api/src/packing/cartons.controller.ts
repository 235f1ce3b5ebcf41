import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, CurrentActor, Roles } from '@lt/auth';
import {
  CartonDetailDto,
  CartonLabelQuery,
  CartonLabelService,
  CartonsService,
  PackedUnitDto,
  PackResultDto,
  PackUnitDto,
  UnpackUnitDto,
} from '@lt/packing';
import { ApiIdempotencyKey, OptionalIdempotencyKey } from '../http/idempotency-key.decorator';
import { sendLabel } from '../http/send-label';
import { PACKING_ROLES } from './export-lots.controller';

@ApiTags('packing')
@ApiBearerAuth()
@Controller('cartons')
@Roles(...PACKING_ROLES)
export class CartonsController {
  constructor(
    private readonly cartons: CartonsService,
    private readonly labels: CartonLabelService,
  ) {}

  @Get(':sscc')
  @ApiOkResponse({ type: CartonDetailDto })
  get(@Param('sscc') sscc: string) {
    return this.cartons.get(sscc);
  }

  @Post(':sscc/units')
  @ApiIdempotencyKey(false)
  @ApiCreatedResponse({ type: PackResultDto, description: 'The unit is PACKED in the carton' })
  @ApiConflictResponse({
    description:
      'Not PASSED, already packed (names the carton), on hold or scrapped, model not in the lot, carton full or closed, lot not OPEN, or not REGISTERED when the lot requires it',
  })
  async pack(
    @CurrentActor() actor: Actor,
    @Param('sscc') sscc: string,
    @OptionalIdempotencyKey() key: string | undefined,
    @Body() body: PackUnitDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<PackResultDto> {
    const packed = await this.cartons.pack(actor, sscc, body.unit, key);
    if (packed.replayed) res.header('Idempotent-Replayed', 'true');
    return packed.value;
  }

  @Delete(':sscc/units/:unit')
  @ApiOkResponse({
    type: PackedUnitDto,
    description: 'The unit is out of the carton and PASSED again',
  })
  @ApiConflictResponse({ description: 'The unit is not in this carton, or the lot is not OPEN' })
  unpack(
    @CurrentActor() actor: Actor,
    @Param('sscc') sscc: string,
    @Param('unit') unit: string,
    @Body() body: UnpackUnitDto,
  ) {
    return this.cartons.unpack(actor, sscc, unit, body.reason);
  }

  @Post(':sscc/close')
  @HttpCode(200)
  @ApiOkResponse({ type: CartonDetailDto })
  @ApiConflictResponse({ description: 'Already closed, empty, or the lot is not OPEN' })
  close(@CurrentActor() actor: Actor, @Param('sscc') sscc: string) {
    return this.cartons.close(actor, sscc);
  }

  @Delete(':sscc')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'The empty carton is discarded; its SSCC is not issued again',
  })
  @ApiConflictResponse({ description: 'The carton still holds units, or the lot is not OPEN' })
  async discard(@CurrentActor() actor: Actor, @Param('sscc') sscc: string): Promise<void> {
    await this.cartons.discard(actor, sscc);
  }

  @Get(':sscc/label')
  @ApiProduces('application/pdf', 'text/plain')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({
    description: 'The carton label: SSCC as GS1-128 with AI (00), and the IMEIs inside',
  })
  async label(
    @Param('sscc') sscc: string,
    @Query() query: CartonLabelQuery,
    @Res() res: FastifyReply,
  ): Promise<void> {
    sendLabel(res, await this.labels.render(await this.cartons.get(sscc), query.format));
  }
}
