import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { Response } from 'express';
import { deregDetailsJson } from './drs-format';
import { DeregistrationService } from './deregistration.service';
import { FormBody, UploadedPart } from './uploaded-part';

@Controller('api/v1/deregistration')
export class DeregistrationController {
  constructor(private readonly deregistrations: DeregistrationService) {}

  @Post()
  @HttpCode(200)
  @UseInterceptors(AnyFilesInterceptor())
  create(@Body() body: FormBody, @UploadedFiles() parts: UploadedPart[]) {
    return this.deregistrations.create(body ?? {}, parts);
  }

  @Post('devices')
  @HttpCode(200)
  @UseInterceptors(AnyFilesInterceptor())
  addDevices(@Body() body: FormBody) {
    return this.deregistrations.addDevices(body ?? {});
  }

  @Get('devices/:id')
  devices(@Param('id') id: string) {
    return this.deregistrations.listDevices(id);
  }

  /** DRS quirk kept: an unknown id answers 200 whose JSON body is a string holding the error object. */
  @Get(':id')
  async get(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const dereg = await this.deregistrations.get(id);
    if (dereg) {
      res.status(200).json(deregDetailsJson(dereg));
      return;
    }
    res
      .status(200)
      .type('application/json')
      .send(JSON.stringify('{"message": ["De-Registration Request not found."]}'));
  }
}
