import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, ANY_ROLE, CurrentActor, Roles } from '@lt/auth';
import {
  CreateDefectCodeDto,
  DefectCodeDto,
  DefectCodePageDto,
  DefectCodeQuery,
  DefectCodesService,
  UpdateDefectCodeDto,
} from '@lt/catalog';

/** Master data: every signed-in role reads it (stations too); ADMIN and MANAGER write it. */
@ApiTags('defect-codes')
@ApiBearerAuth()
@Roles('ADMIN', 'MANAGER')
@Controller('defect-codes')
export class DefectCodesController {
  constructor(private readonly defectCodes: DefectCodesService) {}

  @Post()
  @ApiCreatedResponse({ type: DefectCodeDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateDefectCodeDto) {
    return this.defectCodes.create(actor, body);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: DefectCodePageDto })
  list(@Query() query: DefectCodeQuery) {
    return this.defectCodes.list(query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: DefectCodeDto })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.defectCodes.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: DefectCodeDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateDefectCodeDto,
  ) {
    return this.defectCodes.update(actor, id, body);
  }
}
