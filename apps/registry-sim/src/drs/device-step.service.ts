import { Injectable } from '@nestjs/common';
import { SimDatabase } from '../db/sim-database';
import { TacStore } from '../core/tac-store';
import { DEVICE_ADDITION_FAILED, DrsError, unprocessable } from '../http/drs-error';
import { Processor } from '../processing/processor';
import { DEVICE_TYPES, deviceFieldErrors, readDevice } from '../validation/device-form';
import { multiSimFailures } from '../validation/multi-sim-check';
import { fieldText } from '../validation/text-rules';
import { RegDeviceRow, regDeviceJson } from './drs-format';
import { RegistrationService } from './registration.service';
import { FormBody } from './uploaded-part';

/** 1.2: device details, multi-SIM check, then processing starts. */
@Injectable()
export class DeviceStepService {
  constructor(
    private readonly db: SimDatabase,
    private readonly registrations: RegistrationService,
    private readonly tacs: TacStore,
    private readonly processor: Processor,
  ) {}

  async add(body: FormBody): Promise<Record<string, unknown>> {
    const reg = await this.registrations.get(fieldText(body, 'reg_id'));
    const userId = fieldText(body, 'user_id');
    if (userId !== undefined && userId !== reg.user_id) {
      throw unprocessable({ user_id: ['Permission denied for this request'] });
    }
    if (reg.status_label !== 'New Request') {
      throw unprocessable({ status: ['This step can only be performed for New Request'] });
    }
    const fieldErrors = deviceFieldErrors(body);
    if (fieldErrors) throw unprocessable(fieldErrors);
    const rows = await this.deviceRows(reg.id);
    const tacs = await this.tacs.find(rows.flat().map((imei) => imei.slice(0, 8)));
    const failures = multiSimFailures(rows, tacs);
    if (failures) throw unprocessable({ message: failures });
    const device = readDevice(body);
    if (!DEVICE_TYPES.includes(device.deviceType)) throw new DrsError(500, DEVICE_ADDITION_FAILED);

    const stored = await this.db.transaction(async (client) => {
      // Re-checked under the row lock: two concurrent device steps must not both succeed.
      const locked = await client.query(
        `UPDATE reg_details SET status_label = 'Pending Review', processing_status_label = 'Processing',
           updated_at = clock_timestamp() WHERE id = $1 AND status_label = 'New Request' RETURNING id`,
        [reg.id],
      );
      if (locked.rowCount === 0)
        throw unprocessable({ status: ['This step can only be performed for New Request'] });
      const inserted = await client.query<RegDeviceRow>(
        `INSERT INTO reg_device (reg_details_id, brand, model_name, model_num, operating_system, device_type, technologies)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [
          reg.id,
          device.brand,
          device.modelName,
          device.modelNum,
          device.operatingSystem,
          device.deviceType,
          device.technologies,
        ],
      );
      return inserted.rows[0];
    });
    this.processor.schedule('registration', reg.id);
    return regDeviceJson(stored, reg.user_id);
  }

  private async deviceRows(regId: number): Promise<string[][]> {
    const cells = await this.db.query<{ row_no: number; imei: string }>(
      'SELECT row_no, imei FROM reg_imeis WHERE reg_id = $1 ORDER BY row_no, col_no',
      [regId],
    );
    const rows: string[][] = [];
    for (const cell of cells) (rows[cell.row_no] ??= []).push(cell.imei);
    return rows.filter(Boolean);
  }
}
