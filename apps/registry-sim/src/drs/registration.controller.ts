import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { DeviceStepService } from './device-step.service';
import { regDetailsJson } from './drs-format';
import { RegistrationService } from './registration.service';
import { FormBody, UploadedPart } from './uploaded-part';

@Controller('api/v1/registration')
export class RegistrationController {
  constructor(
    private readonly registrations: RegistrationService,
    private readonly deviceStep: DeviceStepService,
  ) {}

  @Post()
  @HttpCode(200)
  @UseInterceptors(AnyFilesInterceptor())
  create(@Body() body: FormBody, @UploadedFiles() parts: UploadedPart[]) {
    return this.registrations.create(body ?? {}, parts);
  }

  @Put()
  @UseInterceptors(AnyFilesInterceptor())
  close(@Body() body: FormBody) {
    return this.registrations.close(body ?? {});
  }

  @Get()
  list() {
    return this.registrations.list();
  }

  @Post('device')
  @HttpCode(200)
  @UseInterceptors(AnyFilesInterceptor())
  addDevice(@Body() body: FormBody) {
    return this.deviceStep.add(body ?? {});
  }

  @Get('device/:id')
  device(@Param('id') id: string) {
    return this.registrations.device(id);
  }

  @Get('sections/:id')
  sections(@Param('id') id: string) {
    return this.registrations.sections(id);
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    return regDetailsJson(await this.registrations.get(id));
  }
}
