import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, ANY_ROLE, CurrentActor, Roles } from '@lt/auth';
import {
  CreatePlantDto,
  PlantDto,
  PlantPageDto,
  PlantQuery,
  PlantsService,
  UpdatePlantDto,
} from '@lt/plants';

/** Master data: every signed-in role reads it (stations too); ADMIN and MANAGER write it. */
@ApiTags('plants')
@ApiBearerAuth()
@Roles('ADMIN', 'MANAGER')
@Controller('plants')
export class PlantsController {
  constructor(private readonly plants: PlantsService) {}

  @Post()
  @ApiCreatedResponse({ type: PlantDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreatePlantDto) {
    return this.plants.create(actor, body);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: PlantPageDto })
  list(@Query() query: PlantQuery) {
    return this.plants.list(query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: PlantDto })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.plants.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: PlantDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePlantDto,
  ) {
    return this.plants.update(actor, id, body);
  }
}
