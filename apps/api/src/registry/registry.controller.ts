import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Actor, ANY_USER, CurrentActor, Roles } from '@lt/auth';
import {
  registrationListBaseName,
  registrationListCsv,
  RegistryAdminService,
  RegistryBacklogDto,
  RetryRequestDto,
  RetryResultDto,
  SubmissionPageDto,
  SubmissionQuery,
  zipOneCsv,
} from '@lt/registry';

export class RegistrationListQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this plant's units" })
  @IsOptional()
  @IsUUID()
  plantId?: string;
}

/** The registry push as people see it: backlog, submissions, retry, the registration list. */
@ApiTags('registry')
@ApiBearerAuth()
@Controller('registry')
export class RegistryController {
  constructor(private readonly registry: RegistryAdminService) {}

  @Get('backlog')
  @Roles(...ANY_USER)
  @ApiOkResponse({ type: RegistryBacklogDto })
  backlog(): Promise<RegistryBacklogDto> {
    return this.registry.backlog();
  }

  @Get('submissions')
  @Roles('ADMIN', 'MANAGER')
  @ApiOkResponse({ type: SubmissionPageDto })
  submissions(@Query() query: SubmissionQuery): Promise<SubmissionPageDto> {
    return this.registry.submissions(query);
  }

  @Post('retry')
  @HttpCode(200)
  @Roles('ADMIN')
  @ApiOkResponse({ type: RetryResultDto })
  retry(@CurrentActor() actor: Actor, @Body() body: RetryRequestDto): Promise<RetryResultDto> {
    return this.registry.retry(actor, body);
  }

  @Get('registration-list.csv')
  @Roles('ADMIN', 'MANAGER')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'DIRBS-Core registration-list CSV: 9 columns, header, one row per registered IMEI',
  })
  async registrationListCsv(
    @Query() query: RegistrationListQuery,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const base = registrationListBaseName(new Date());
    const csv = registrationListCsv(await this.registry.registeredImeis(query.plantId));
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', `attachment; filename="${base}.csv"`);
    res.send(csv);
  }

  @Get('registration-list.zip')
  @Roles('ADMIN', 'MANAGER')
  @ApiProduces('application/zip')
  @ApiOkResponse({
    description:
      'The same CSV alone in a zip of the same base name (reglist_YYYYMMDD.zip holds reglist_YYYYMMDD.csv)',
  })
  async registrationListZip(
    @Query() query: RegistrationListQuery,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const base = registrationListBaseName(new Date());
    const zip = await zipOneCsv(
      base,
      registrationListCsv(await this.registry.registeredImeis(query.plantId)),
    );
    res.header('Content-Type', 'application/zip');
    res.header('Content-Disposition', `attachment; filename="${base}.zip"`);
    res.send(zip);
  }
}
