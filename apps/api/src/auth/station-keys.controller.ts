import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageQuery } from '@lt/core';
import {
  Actor,
  CreatedStationKeyDto,
  CreateStationKeyDto,
  CurrentActor,
  Roles,
  StationKeyDto,
  StationKeyPageDto,
  StationKeysService,
} from '@lt/auth';

@ApiTags('station-keys')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('station-keys')
export class StationKeysController {
  constructor(private readonly keys: StationKeysService) {}

  @Post()
  @ApiCreatedResponse({
    type: CreatedStationKeyDto,
    description: 'The apiKey is shown this once only',
  })
  create(@CurrentActor() actor: Actor, @Body() body: CreateStationKeyDto) {
    return this.keys.create(actor, body);
  }

  @Get()
  @ApiOkResponse({ type: StationKeyPageDto })
  list(@Query() query: PageQuery) {
    return this.keys.list(query);
  }

  @Post(':id/revoke')
  @ApiOkResponse({ type: StationKeyDto })
  revoke(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.keys.revoke(actor, id);
  }
}
