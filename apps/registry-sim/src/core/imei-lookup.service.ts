import { Injectable } from '@nestjs/common';
import { SimDatabase } from '../db/sim-database';
import { TacStore } from './tac-store';

export interface LookupFlags {
  registration: boolean;
  stolen: boolean;
}

/** Core's `imei_norm`: 14 leading digits when present, else the upper-cased input. */
export const imeiNorm = (imei: string): string =>
  /^\d{14}/.test(imei) ? imei.slice(0, 14) : imei.toUpperCase();

/** Core v2 IMEI answers, read live from the stand-in's IMEI table (deviation e). */
@Injectable()
export class ImeiLookupService {
  constructor(
    private readonly db: SimDatabase,
    private readonly tacs: TacStore,
  ) {}

  async lookup(imeis: string[], flags: LookupFlags): Promise<Record<string, unknown>[]> {
    const norms = imeis.map(imeiNorm);
    const rows = await this.db.query<{ imei_norm: string; status: string }>(
      'SELECT imei_norm, status FROM approved_imeis WHERE imei_norm = ANY($1::text[])',
      [[...new Set(norms)]],
    );
    const status = new Map(rows.map((r) => [r.imei_norm, r.status]));
    const known = await this.tacs.find(norms.map((n) => n.slice(0, 8)));
    return norms.map((norm) => {
      const state = status.get(norm);
      const answer: Record<string, unknown> = {
        imei_norm: norm,
        block_date: null,
        first_seen: null,
        classification_state: { blocking_conditions: [], informative_conditions: [] },
        realtime_checks: {
          ever_observed_on_network: false,
          invalid_imei: !/^\d{14}$/.test(norm),
          is_paired: false,
          is_exempted_device: false,
          gsma_not_found: !known.has(norm.slice(0, 8)),
          in_registration_list: state === 'whitelist',
        },
      };
      if (flags.registration) {
        answer.registration_status =
          state === 'whitelist'
            ? { status: 'whitelist', provisional_only: false }
            : state === 'pending'
              ? { status: 'pending', provisional_only: true }
              : { status: null, provisional_only: null };
      }
      if (flags.stolen) answer.stolen_status = { status: null, provisional_only: null };
      return answer;
    });
  }
}
