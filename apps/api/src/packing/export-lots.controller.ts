import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, CurrentActor, Roles } from '@lt/auth';
import {
  CartonDto,
  CreateExportLotDto,
  ExportLotDetailDto,
  ExportLotDto,
  ExportLotPageDto,
  ExportLotQuery,
  ExportLotsService,
  InspectionDrawDto,
  InspectionPlanDto,
  InspectionResultDto,
  InspectionService,
  ManifestService,
  OpenCartonDto,
  PalletDto,
  ReleaseLotDto,
  ShipLotDto,
} from '@lt/packing';
import { streamTo } from '../http/stream-to';

export const PACKING_ROLES = ['LOGISTICS', 'MANAGER', 'ADMIN'] as const;
/**
 * Who may release a lot its inspection rejected: a quality decision, taken above the team
 * that packed and inspected it.
 */
export const LOT_RELEASE_ROLES = ['MANAGER', 'ADMIN'] as const;

/** `:id` is the lot's id or its number (EL-...). */
@ApiTags('packing')
@ApiBearerAuth()
@Controller('export-lots')
@Roles(...PACKING_ROLES)
export class ExportLotsController {
  constructor(
    private readonly lots: ExportLotsService,
    private readonly inspections: InspectionService,
    private readonly manifests: ManifestService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: ExportLotDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateExportLotDto) {
    return this.lots.create(actor, body);
  }

  @Get()
  @ApiOkResponse({
    type: ExportLotPageDto,
    description: 'Lots, newest first, with units packed so far',
  })
  list(@Query() query: ExportLotQuery) {
    return this.lots.list(query);
  }

  @Get(':id')
  @ApiOkResponse({
    type: ExportLotDetailDto,
    description: 'The lot with its units, cartons and pallets counted by status',
  })
  get(@Param('id') id: string) {
    return this.lots.get(id);
  }

  @Post(':id/cartons')
  @ApiCreatedResponse({
    type: CartonDto,
    description: 'A new carton with the next SSCC of the plant’s GS1 company prefix',
  })
  @ApiConflictResponse({ description: 'The lot is not OPEN' })
  @ApiUnprocessableEntityResponse({ description: 'The plant has no GS1 company prefix' })
  openCarton(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: OpenCartonDto) {
    return this.lots.openCarton(actor, id, body);
  }

  @Post(':id/pallets')
  @ApiCreatedResponse({ type: PalletDto })
  @ApiUnprocessableEntityResponse({ description: 'The plant has no GS1 company prefix' })
  openPallet(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.lots.openPallet(actor, id);
  }

  @Post(':id/inspection')
  @ApiCreatedResponse({
    type: InspectionDrawDto,
    description: 'ISO 2859-1 plan for the lot and the units drawn at random',
  })
  @ApiConflictResponse({
    description: 'The lot is not OPEN, a carton is open, or nothing is packed',
  })
  drawInspection(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.inspections.draw(actor, id);
  }

  @Get(':id/inspection')
  @ApiOkResponse({ type: InspectionDrawDto })
  getInspection(@Param('id') id: string) {
    return this.inspections.get(id);
  }

  @Post(':id/inspection/results')
  @ApiCreatedResponse({
    type: InspectionPlanDto,
    description:
      'The inspection after this result: ACCEPTED, REJECTED (lot ON_HOLD) or IN_PROGRESS',
  })
  @ApiConflictResponse({
    description: 'Unit not sampled, already inspected, or the inspection is decided',
  })
  recordInspection(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: InspectionResultDto,
  ) {
    return this.inspections.record(actor, id, body);
  }

  @Post(':id/release')
  @Roles(...LOT_RELEASE_ROLES)
  @HttpCode(200)
  @ApiOkResponse({
    type: ExportLotDto,
    description:
      'The lot OPEN again after a REJECTED inspection, to be screened and inspected anew',
  })
  @ApiConflictResponse({ description: 'The lot is not ON_HOLD' })
  release(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ReleaseLotDto) {
    return this.lots.release(actor, id, body.note);
  }

  @Post(':id/seal')
  @HttpCode(200)
  @ApiOkResponse({ type: ExportLotDto })
  @ApiConflictResponse({
    description: 'Inspection not ACCEPTED, a carton open, or a packed unit not PACKED',
  })
  seal(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.lots.seal(actor, id);
  }

  @Post(':id/ship')
  @HttpCode(200)
  @ApiOkResponse({
    type: ExportLotDto,
    description: 'Lot and units SHIPPED; outside PK, de-registration queued per unit',
  })
  @ApiConflictResponse({ description: 'The lot is not SEALED' })
  ship(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ShipLotDto) {
    return this.lots.ship(actor, id, body);
  }

  @Get(':id/manifest.csv')
  @ApiProduces('text/csv')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({
    description:
      'One row per unit: lot, pallet SSCC, carton SSCC, serial, IMEI 1, IMEI 2, brand, model, model number',
  })
  async manifestCsv(@Param('id') id: string, @Res() res: FastifyReply): Promise<void> {
    const lot = await this.manifests.lot(id);
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="manifest-${lot.number}.csv"`);
    await streamTo(res, (sink) => this.manifests.writeCsv(lot, sink));
  }

  @Get(':id/manifest.pdf')
  @ApiProduces('application/pdf')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'The packing list: a summary page, then a page per carton' })
  async manifestPdf(@Param('id') id: string, @Res() res: FastifyReply): Promise<void> {
    const lot = await this.manifests.lot(id);
    res
      .status(200)
      .type('application/pdf')
      .header('Content-Disposition', `inline; filename="packing-list-${lot.number}.pdf"`);
    await streamTo(res, (sink) => this.manifests.writePdf(lot, sink));
  }
}
