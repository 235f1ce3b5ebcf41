import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { WerkzeugBadRequest } from './werkzeug-error';
import { gsmaJson, TacStore } from './tac-store';

const validTac = (tac: unknown): tac is string => typeof tac === 'string' && /^\d{8}$/.test(tac);

@Controller('api/v2/tac')
export class TacController {
  constructor(private readonly tacs: TacStore) {}

  @Get(':tac')
  async one(@Param('tac') tac: string) {
    if (!validTac(tac)) throw new WerkzeugBadRequest('Bad TAC format');
    const found = await this.tacs.find([tac]);
    return { tac, gsma: gsmaJson(found.get(tac)) };
  }

  @Post()
  @HttpCode(200)
  async batch(@Body() body: Record<string, unknown>) {
    const tacs = body?.tacs;
    if (!Array.isArray(tacs) || tacs.length === 0 || tacs.length > 1000 || !tacs.every(validTac)) {
      throw new WerkzeugBadRequest('Bad TAC format');
    }
    const found = await this.tacs.find(tacs);
    return { results: tacs.map((tac) => ({ tac, gsma: gsmaJson(found.get(tac)) })) };
  }
}
