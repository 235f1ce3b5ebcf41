import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, ANY_ROLE, CurrentActor, Roles } from '@lt/auth';
import {
  CreateWorkOrderDto,
  WorkOrderDto,
  WorkOrderPageDto,
  WorkOrderQuery,
  WorkOrdersService,
  UpdateWorkOrderDto,
} from '@lt/production';

/** Master data: every signed-in role reads it (stations too); ADMIN and MANAGER write it. */
@ApiTags('work-orders')
@ApiBearerAuth()
@Roles('ADMIN', 'MANAGER')
@Controller('work-orders')
export class WorkOrdersController {
  constructor(private readonly workOrders: WorkOrdersService) {}

  @Post()
  @ApiCreatedResponse({ type: WorkOrderDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateWorkOrderDto) {
    return this.workOrders.create(actor, body);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: WorkOrderPageDto })
  list(@Query() query: WorkOrderQuery) {
    return this.workOrders.list(query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: WorkOrderDto })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.workOrders.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: WorkOrderDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateWorkOrderDto,
  ) {
    return this.workOrders.update(actor, id, body);
  }
}
