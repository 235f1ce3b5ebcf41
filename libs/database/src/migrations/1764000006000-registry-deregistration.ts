import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * De-registration push: a DEREGISTER submission carries the reason DRS asks for (one
 * reason per submission, from its outbox rows) and the `devices` array of DRS's 1.6
 * answer, recorded with the de-registration id in the same statement, because the
 * devices step (1.7) must send it back and DRS offers no way to read it again.
 * For DEREGISTER submissions `reg_id` holds the de-registration id (its own id space).
 */
export class RegistryDeregistration1764000006000 implements MigrationInterface {
  name = 'RegistryDeregistration1764000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE registry_submissions ADD COLUMN reason text, ADD COLUMN dereg_devices jsonb',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE registry_submissions DROP COLUMN dereg_devices, DROP COLUMN reason');
  }
}
