import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { WerkzeugBadRequest } from './werkzeug-error';
import { ImeiLookupService } from './imei-lookup.service';

const truthy = (value: unknown) =>
  ['true', '1', 'yes', 'on', 'y', 't'].includes(String(value).toLowerCase());
const MAX_BATCH = 1000;

@Controller('api/v2')
export class ImeiController {
  constructor(private readonly lookups: ImeiLookupService) {}

  @Get('imei/:imei')
  async imei(@Param('imei') imei: string, @Query() query: Record<string, unknown>) {
    if (imei.length > 16) throw new WerkzeugBadRequest('Bad IMEI format (too long)');
    const flags = {
      registration: truthy(query.include_registration_status),
      stolen: truthy(query.include_stolen_status),
    };
    return (await this.lookups.lookup([imei], flags))[0];
  }

  @Post('imei-batch')
  @HttpCode(200)
  async batch(@Body() body: Record<string, unknown>) {
    const imeis = body?.imeis;
    if (!Array.isArray(imeis) || imeis.length === 0)
      throw new WerkzeugBadRequest("Bad 'imeis' argument format.");
    if (imeis.length > MAX_BATCH)
      throw new WerkzeugBadRequest(`Length must be between 1 and ${MAX_BATCH}.`);
    for (const imei of imeis) {
      const value = String(imei);
      if (value.length === 0) throw new WerkzeugBadRequest('Bad IMEI format (empty imei).');
      if (/\s/.test(value))
        throw new WerkzeugBadRequest('Bad IMEI format (whitespces not allowed).');
      if (value.length > 16) throw new WerkzeugBadRequest('Bad IMEI format (too long)');
    }
    const flags = {
      registration: truthy(body.include_registration_status),
      stolen: truthy(body.include_stolen_status),
    };
    return { results: await this.lookups.lookup(imeis.map(String), flags) };
  }
}
