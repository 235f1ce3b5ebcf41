import { Injectable } from '@nestjs/common';
import { SimDatabase } from '../db/sim-database';
import { FaultState } from '../faults/fault-state';

const AUTOMATIC_LABELS = [
  'New Request',
  'Pending Review',
  'Approved',
  'Rejected',
  'Closed',
  'Failed',
];

@Injectable()
export class StatsService {
  constructor(
    private readonly db: SimDatabase,
    private readonly state: FaultState,
  ) {}

  async stats(): Promise<Record<string, unknown>> {
    const [imeis, regs, deregs, devices, multiple] = await Promise.all([
      this.db.one<{ whitelist: string; pending: string; removed: string }>(
        `SELECT count(*) FILTER (WHERE status = 'whitelist') AS whitelist, count(*) FILTER (WHERE status = 'pending') AS pending,
                count(*) FILTER (WHERE status = 'removed') AS removed FROM approved_imeis`,
      ),
      this.db.query<{ label: string; n: string }>(
        'SELECT status_label AS label, count(*) AS n FROM reg_details GROUP BY 1',
      ),
      this.db.query<{ label: string; n: string }>(
        'SELECT status_label AS label, count(*) AS n FROM dereg_details GROUP BY 1',
      ),
      this.db.one<{ n: string }>(
        `SELECT coalesce(sum(device_count), 0) AS n FROM reg_details WHERE status_label = 'Approved'`,
      ),
      this.db.one<{ n: string }>(
        `SELECT count(*) AS n FROM (
           SELECT left(i.imei, 14) FROM reg_imeis i JOIN reg_details d ON d.id = i.reg_id
            WHERE d.status_label = 'Approved' GROUP BY 1 HAVING count(DISTINCT i.reg_id) >= 2) x`,
      ),
    ]);
    return {
      requests: this.state.requests,
      imeisRegistered: Number(imeis?.whitelist ?? 0),
      imeisPending: Number(imeis?.pending ?? 0),
      imeisRemoved: Number(imeis?.removed ?? 0),
      devicesRegistered: Number(devices?.n ?? 0),
      registrationRequests: byLabel(regs),
      deregistrationRequests: byLabel(deregs),
      imeisInMultipleApprovedRequests: Number(multiple?.n ?? 0),
      faults: { ...this.state.counters },
    };
  }
}

function byLabel(rows: { label: string; n: string }[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(
    AUTOMATIC_LABELS.map((label) => [label, 0]),
  );
  for (const row of rows) out[row.label] = Number(row.n);
  return out;
}
