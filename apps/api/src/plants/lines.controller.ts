import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, ANY_ROLE, CurrentActor, Roles } from '@lt/auth';
import {
  CreateLineDto,
  LineDto,
  LinePageDto,
  LineQuery,
  LinesService,
  UpdateLineDto,
} from '@lt/plants';

/** Master data: every signed-in role reads it (stations too); ADMIN and MANAGER write it. */
@ApiTags('lines')
@ApiBearerAuth()
@Roles('ADMIN', 'MANAGER')
@Controller('lines')
export class LinesController {
  constructor(private readonly lines: LinesService) {}

  @Post()
  @ApiCreatedResponse({ type: LineDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateLineDto) {
    return this.lines.create(actor, body);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: LinePageDto })
  list(@Query() query: LineQuery) {
    return this.lines.list(query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: LineDto })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.lines.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: LineDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateLineDto,
  ) {
    return this.lines.update(actor, id, body);
  }
}
