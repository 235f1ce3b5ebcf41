import { Inject, Injectable } from '@nestjs/common';
import { Response } from 'express';
import { Faults, ResolvedSimOptions, SIM_OPTIONS } from '../sim-options';

export interface FaultCounters {
  error: number;
  storeThenError: number;
  hang: number;
  rateLimited: number;
  down: number;
}

/** The live fault settings and what the injector did; in memory, per process. */
@Injectable()
export class FaultState {
  faults: Faults;
  requests = 0;
  readonly counters: FaultCounters = {
    error: 0,
    storeThenError: 0,
    hang: 0,
    rateLimited: 0,
    down: 0,
  };
  /** Responses deliberately never answered, ended on shutdown so close() does not wait for them. */
  readonly hung = new Set<Response>();
  private windowSecond = 0;
  private windowCount = 0;

  constructor(@Inject(SIM_OPTIONS) options: ResolvedSimOptions) {
    this.faults = { ...options.faults };
  }

  merge(patch: Partial<Faults>): Faults {
    this.faults = { ...this.faults, ...patch };
    return this.faults;
  }

  /** Fixed one-second windows; answers the seconds to wait when over the limit, else 0. */
  takeRateSlot(now = Date.now()): number {
    const limit = this.faults.rateLimitPerSecond;
    if (limit <= 0) return 0;
    const second = Math.floor(now / 1000);
    if (second !== this.windowSecond) {
      this.windowSecond = second;
      this.windowCount = 0;
    }
    this.windowCount += 1;
    return this.windowCount > limit ? 1 : 0;
  }

  releaseHung(): void {
    for (const res of this.hung) res.destroy();
    this.hung.clear();
  }
}
