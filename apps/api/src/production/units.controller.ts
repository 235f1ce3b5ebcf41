import { Body, Controller, Get, Header, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsIn, IsOptional } from 'class-validator';
import { Actor, ANY_ROLE, CurrentActor, Roles } from '@lt/auth';
import {
  LABEL_FORMATS,
  LabelFormat,
  RecordUnitBatchDto,
  RecordUnitDto,
  UnitBatchDto,
  UnitDetailDto,
  UnitDto,
  UnitLabelService,
  UnitPageDto,
  UnitQuery,
  UnitsService,
} from '@lt/production';
import { ApiIdempotencyKey, IdempotencyKey } from '../http/idempotency-key.decorator';
import { sendLabel } from '../http/send-label';

class LabelQuery {
  @IsOptional() @IsIn(LABEL_FORMATS) format: LabelFormat = 'pdf';
}

const RECORDERS = ['ADMIN', 'MANAGER', 'SUPERVISOR', 'STATION'] as const;

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(
    private readonly units: UnitsService,
    private readonly labels: UnitLabelService,
  ) {}

  @Post()
  @Roles(...RECORDERS)
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: UnitDto })
  async record(
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string,
    @Body() body: RecordUnitDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<UnitDto> {
    const recorded = await this.units.record(actor, body.workOrderId, 1, key);
    if (recorded.replayed) res.header('Idempotent-Replayed', 'true');
    return recorded.units[0];
  }

  @Post('batch')
  @Roles(...RECORDERS)
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: UnitBatchDto })
  async recordBatch(
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string,
    @Body() body: RecordUnitBatchDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<UnitBatchDto> {
    const recorded = await this.units.record(actor, body.workOrderId, body.count, key);
    if (recorded.replayed) res.header('Idempotent-Replayed', 'true');
    return { count: recorded.units.length, units: recorded.units };
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: UnitPageDto })
  list(@Query() query: UnitQuery) {
    return this.units.list(query);
  }

  @Get(':ref')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({
    type: UnitDetailDto,
    description: 'ref: the unit id, its serial number or either IMEI',
  })
  get(@Param('ref') ref: string) {
    return this.units.get(ref);
  }

  @Get(':ref/label')
  @Roles(...ANY_ROLE)
  @ApiQuery({ name: 'format', enum: LABEL_FORMATS, required: false })
  @ApiProduces('application/pdf', 'image/png', 'text/plain')
  @Header('Cache-Control', 'no-store')
  async label(
    @Param('ref') ref: string,
    @Query() query: LabelQuery,
    @Res() res: FastifyReply,
  ): Promise<void> {
    sendLabel(res, await this.labels.render(await this.units.get(ref), query.format));
  }
}
