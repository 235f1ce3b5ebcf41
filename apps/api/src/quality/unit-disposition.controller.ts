import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@lt/auth';
import {
  HoldUnitDto,
  ReleaseUnitDto,
  ReworkUnitDto,
  ScrapUnitDto,
  UnitDispositionDto,
  UnitDispositionService,
} from '@lt/quality';
import { ApiIdempotencyKey, OptionalIdempotencyKey } from '../http/idempotency-key.decorator';

@ApiTags('quality')
@ApiBearerAuth()
@Controller('units/:ref')
export class UnitDispositionController {
  constructor(private readonly units: UnitDispositionService) {}

  @Post('rework')
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiIdempotencyKey(false)
  @ApiCreatedResponse({
    type: UnitDispositionDto,
    description: 'FAILED -> IN_REWORK; the unit returns to the stage it failed',
  })
  @ApiConflictResponse({
    description:
      'Not FAILED, or failed the stage more often than QC_MAX_FAILS_PER_STAGE (scrap only)',
  })
  async rework(
    @CurrentActor() actor: Actor,
    @Param('ref') ref: string,
    @OptionalIdempotencyKey() key: string | undefined,
    @Body() body: ReworkUnitDto,
  ) {
    return (
      await this.units.act(
        actor,
        'rework',
        ref,
        { note: body.note, repairCode: body.repairCode },
        key,
      )
    ).value;
  }

  @Post('hold')
  @Roles('SUPERVISOR', 'MANAGER', 'ADMIN')
  @ApiIdempotencyKey(false)
  @ApiCreatedResponse({ type: UnitDispositionDto })
  async hold(
    @CurrentActor() actor: Actor,
    @Param('ref') ref: string,
    @OptionalIdempotencyKey() key: string | undefined,
    @Body() body: HoldUnitDto,
  ) {
    return (await this.units.act(actor, 'hold', ref, { reason: body.reason }, key)).value;
  }

  @Post('release')
  @Roles('SUPERVISOR', 'MANAGER', 'ADMIN')
  @ApiIdempotencyKey(false)
  @ApiCreatedResponse({
    type: UnitDispositionDto,
    description: 'Back to the status the unit had when it was held',
  })
  async release(
    @CurrentActor() actor: Actor,
    @Param('ref') ref: string,
    @OptionalIdempotencyKey() key: string | undefined,
    @Body() body: ReleaseUnitDto,
  ) {
    return (await this.units.act(actor, 'release', ref, { note: body.note }, key)).value;
  }

  @Post('scrap')
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiIdempotencyKey(false)
  @ApiCreatedResponse({ type: UnitDispositionDto })
  async scrap(
    @CurrentActor() actor: Actor,
    @Param('ref') ref: string,
    @OptionalIdempotencyKey() key: string | undefined,
    @Body() body: ScrapUnitDto,
  ) {
    return (await this.units.act(actor, 'scrap', ref, { reason: body.reason }, key)).value;
  }
}
