import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, ANY_ROLE, CurrentActor, Roles } from '@lt/auth';
import {
  CreateDeviceModelDto,
  DeviceModelDto,
  DeviceModelPageDto,
  DeviceModelQuery,
  DeviceModelsService,
  UpdateDeviceModelDto,
} from '@lt/catalog';

/** Master data: every signed-in role reads it (stations too); ADMIN and MANAGER write it. */
@ApiTags('device-models')
@ApiBearerAuth()
@Roles('ADMIN', 'MANAGER')
@Controller('device-models')
export class DeviceModelsController {
  constructor(private readonly deviceModels: DeviceModelsService) {}

  @Post()
  @ApiCreatedResponse({ type: DeviceModelDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateDeviceModelDto) {
    return this.deviceModels.create(actor, body);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: DeviceModelPageDto })
  list(@Query() query: DeviceModelQuery) {
    return this.deviceModels.list(query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: DeviceModelDto })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.deviceModels.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: DeviceModelDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateDeviceModelDto,
  ) {
    return this.deviceModels.update(actor, id, body);
  }
}
