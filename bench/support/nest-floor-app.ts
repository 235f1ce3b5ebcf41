import 'reflect-metadata';
import {
  Body,
  CanActivate,
  Controller,
  ExecutionContext,
  Injectable,
  Module,
  Post,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CurrentActor } from '@lt/auth';
import type { Actor } from '@lt/auth';
import { AppConfigModule } from '@lt/config';
import { LoggingModule } from '@lt/logging';
import { RecordUnitDto } from '@lt/production';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { IdempotencyKey } from '../../apps/api/src/http/idempotency-key.decorator';
import { ProblemDetailsFilter } from '../../apps/api/src/http/problem-details.filter';
import { createValidationPipe } from '../../apps/api/src/http/validation.pipe';

// The API's HTTP pipeline (`createApiApp`: helmet, body parser, request log, validation,
// problem details) around one route shaped like POST /api/units that does no work: what
// a request costs before the API does anything of its own. Run by `nestFloor`.

const ACTOR: Actor = { userId: null, stationKeyId: null, name: 'bench', role: 'ADMIN' };

/** The signed-in path of the API's guard: a token already verified, looked up in a map. */
@Injectable()
class FloorGuard implements CanActivate {
  private readonly tokens = new Map([['Bearer floor', ACTOR]]);

  canActivate(context: ExecutionContext): boolean {
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string>; actor?: Actor }>();
    request.actor = this.tokens.get(request.headers.authorization);
    return request.actor !== undefined;
  }
}

@Controller('units')
class FloorController {
  @Post()
  record(
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string,
    @Body() body: RecordUnitDto,
  ): object {
    return {
      id: key,
      serialNumber: 'FLR01L126112700001',
      imeis: ['356938035643809', '356938035643817'],
      deviceModelId: body.workOrderId,
      workOrderId: body.workOrderId,
      lineId: body.workOrderId,
      status: 'ASSEMBLED',
      nextStage: 'FUNCTIONAL',
      registryStatus: 'NOT_DUE',
      registryReason: null,
      assembledAt: new Date(),
      recordedBy: actor.name,
    };
  }
}

@Module({
  imports: [AppConfigModule, LoggingModule],
  controllers: [FloorController],
  providers: [
    { provide: APP_GUARD, useClass: FloorGuard },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
class FloorModule {}

void createApiApp(FloorModule).then((app) =>
  app.listen(Number(process.env.PORT), '127.0.0.1').then(() => process.stdout.write('ready\n')),
);
