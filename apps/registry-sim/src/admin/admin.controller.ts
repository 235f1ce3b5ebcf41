import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { TacInput, TacStore } from '../core/tac-store';
import { FaultState } from '../faults/fault-state';
import { DrsError } from '../http/drs-error';
import { Faults, FaultsFormatError, parseFaults } from '../sim-options';
import { PreregisterService } from './preregister.service';
import { StatsService } from './stats.service';

const badRequest = (message: string) => new DrsError(400, { message, status_code: 400 });

/** Section 5: ours only, same Bearer key, never subject to faults. */
@Controller('admin')
export class AdminController {
  constructor(
    private readonly state: FaultState,
    private readonly statsService: StatsService,
    private readonly preregisterService: PreregisterService,
    private readonly tacs: TacStore,
  ) {}

  @Post('faults')
  @HttpCode(200)
  setFaults(@Body() body: unknown): Faults {
    try {
      return this.state.merge(parseFaults(body ?? {}));
    } catch (error) {
      if (error instanceof FaultsFormatError) throw badRequest(error.message);
      throw error;
    }
  }

  @Get('faults')
  faults(): Faults {
    return this.state.faults;
  }

  @Get('stats')
  stats() {
    return this.statsService.stats();
  }

  @Post('preregister')
  @HttpCode(200)
  async preregister(@Body() body: { imeis?: unknown }) {
    const imeis = body?.imeis;
    if (
      !Array.isArray(imeis) ||
      !imeis.every((i) => typeof i === 'string' && /^\d{14,16}$/.test(i))
    ) {
      throw badRequest('imeis must be a list of 14-16 digit strings');
    }
    return { preregistered: await this.preregisterService.preregister(imeis) };
  }

  @Post('tacs')
  @HttpCode(200)
  async upsertTacs(@Body() body: { tacs?: unknown }) {
    const tacs = body?.tacs;
    const valid =
      Array.isArray(tacs) &&
      tacs.every(
        (t: TacInput) =>
          t &&
          typeof t.tac === 'string' &&
          /^\d{8}$/.test(t.tac) &&
          (t.simslot === undefined || /^(\d+|not known)$/i.test(String(t.simslot))),
      );
    if (!valid)
      throw badRequest(
        'tacs must be a list of {tac: 8 digits, simslot: a count or "Not Known", ...}',
      );
    return { tacs: await this.tacs.upsert(tacs as TacInput[]) };
  }
}
