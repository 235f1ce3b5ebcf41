import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@lt/auth';
import {
  BatchQcItemOutcomeDto,
  BatchQcResultsDto,
  BatchQcResultsResponseDto,
  QcResultDto,
  QcResultsService,
  RecordQcResultDto,
} from '@lt/quality';
import { ProblemDetailsFilter } from '../http/problem-details.filter';
import { ApiIdempotencyKey, IdempotencyKey } from '../http/idempotency-key.decorator';

const problems = new ProblemDetailsFilter();

@ApiTags('quality')
@ApiBearerAuth()
@ApiSecurity('station-key')
@Roles('SUPERVISOR', 'STATION', 'ADMIN')
@Controller()
export class QcResultsController {
  constructor(private readonly results: QcResultsService) {}

  @Post('units/:ref/qc-results')
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: QcResultDto })
  @ApiConflictResponse({
    description: 'Not the unit’s next stage (expectedStage), or the unit takes no results now',
  })
  async record(
    @CurrentActor() actor: Actor,
    @Param('ref') ref: string,
    @IdempotencyKey() key: string,
    @Body() body: RecordQcResultDto,
  ): Promise<QcResultDto> {
    return (await this.results.record(actor, ref, key, body)).value;
  }

  @Post('qc-results/batch')
  @HttpCode(200)
  @ApiOkResponse({
    type: BatchQcResultsResponseDto,
    description: 'One answer per item, in the order sent',
  })
  async batch(
    @CurrentActor() actor: Actor,
    @Body() body: BatchQcResultsDto,
  ): Promise<BatchQcResultsResponseDto> {
    const outcomes = await this.results.recordBatch(actor, body.results);
    const items: BatchQcItemOutcomeDto[] = outcomes.map((o) => {
      if (o.ok) return { key: o.key, ok: true, replayed: o.replayed, result: o.result };
      const { instance: _instance, ...error } = problems.toProblem(o.error);
      return { key: o.key, ok: false, status: error.status, error };
    });
    const accepted = items.filter((i) => i.ok).length;
    return { accepted, refused: items.length - accepted, items };
  }
}
