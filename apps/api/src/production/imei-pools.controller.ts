import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, ANY_USER, CurrentActor, Roles } from '@lt/auth';
import { InvalidInputError } from '@lt/core';
import {
  CreateImeiPoolDto,
  ImeiPoolsDto,
  ImeiPoolsService,
  MAX_LIST_POOL_SIZE,
} from '@lt/production';
import { uploadedFile } from '../http/uploaded-csv';
import { parseImeiCsv } from './imei-csv';

@ApiTags('imei-pools')
@ApiBearerAuth()
@Controller('device-models/:id/imei-pools')
export class ImeiPoolsController {
  constructor(private readonly pools: ImeiPoolsService) {}

  @Post()
  @Roles('ADMIN', 'MANAGER')
  @ApiCreatedResponse({
    type: ImeiPoolsDto,
    description: "The model's pools after the new one was added",
  })
  create(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateImeiPoolDto,
  ) {
    return this.pools.create(actor, id, body);
  }

  @Post('csv')
  @Roles('ADMIN', 'MANAGER')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description: 'CSV: one IMEI per line (first column), optional header',
        },
      },
    },
  })
  @ApiCreatedResponse({ type: ImeiPoolsDto })
  async upload(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ) {
    const file = await uploadedFile(request, 'file');
    const imeis = parseImeiCsv(file.toString('utf8'));
    if (imeis.length === 0) throw InvalidInputError.field('file', 'holds no IMEIs');
    if (imeis.length > MAX_LIST_POOL_SIZE)
      throw InvalidInputError.field(
        'file',
        `holds ${imeis.length} IMEIs; at most ${MAX_LIST_POOL_SIZE} per upload`,
      );
    return this.pools.create(actor, id, { kind: 'list', imeis });
  }

  @Get()
  @Roles(...ANY_USER)
  @ApiOkResponse({ type: ImeiPoolsDto })
  list(@Param('id', ParseUUIDPipe) id: string) {
    return this.pools.list(id);
  }
}
