import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Export lots, cartons, pallets, the outgoing inspection and the SSCC counter.
 *
 * SSCCs come from one counter row per GS1 company prefix (`UPDATE ... RETURNING` inside the
 * transaction that opens the carton or pallet), so a rollback returns the number and no two
 * containers of any plant sharing a prefix can get the same one; the unique indexes are the
 * last guard. `packed_units` has the unit as its key: a unit is in at most one carton.
 * `export_cartons.unit_count` is kept by the pack and unpack statements so the pack-scan hot
 * path checks "full" on the locked carton row without counting.
 */
export class Packing1764000004000 implements MigrationInterface {
  name = 'Packing1764000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sscc_counters (
        company_prefix text PRIMARY KEY CHECK (company_prefix ~ '^[0-9]{7,10}$'),
        last_reference bigint NOT NULL CHECK (last_reference >= 0)
      );

      CREATE TABLE export_lot_counters (
        plant_id uuid PRIMARY KEY REFERENCES plants(id),
        last_number int NOT NULL
      );

      CREATE TABLE export_lots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        plant_id uuid NOT NULL REFERENCES plants(id),
        destination_country char(2) NOT NULL CHECK (destination_country ~ '^[A-Z]{2}$'),
        consignee text NOT NULL,
        planned_quantity int NOT NULL CHECK (planned_quantity > 0),
        device_model_ids uuid[] NOT NULL CHECK (cardinality(device_model_ids) > 0),
        requires_registration boolean NOT NULL DEFAULT true,
        aql numeric(7, 3) NOT NULL,
        status text NOT NULL DEFAULT 'OPEN'
          CHECK (status IN ('OPEN', 'INSPECTING', 'ACCEPTED', 'ON_HOLD', 'SEALED', 'SHIPPED')),
        invoice_number text,
        transport_document text,
        sealed_at timestamptz,
        shipped_at timestamptz,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX export_lots_plant_idx ON export_lots (plant_id, created_at);
      CREATE INDEX export_lots_status_idx ON export_lots (status);

      CREATE TABLE export_pallets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sscc char(18) NOT NULL CHECK (sscc ~ '^[0-9]{18}$'),
        lot_id uuid NOT NULL REFERENCES export_lots(id),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX export_pallets_sscc_key ON export_pallets (sscc);
      CREATE INDEX export_pallets_lot_idx ON export_pallets (lot_id);

      CREATE TABLE export_cartons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sscc char(18) NOT NULL CHECK (sscc ~ '^[0-9]{18}$'),
        lot_id uuid NOT NULL REFERENCES export_lots(id),
        pallet_id uuid REFERENCES export_pallets(id),
        capacity int NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
        unit_count int NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        CHECK (unit_count BETWEEN 0 AND capacity)
      );
      CREATE UNIQUE INDEX export_cartons_sscc_key ON export_cartons (sscc);
      -- The manifest walks a lot's cartons in SSCC order (keyset pages).
      CREATE INDEX export_cartons_lot_sscc_idx ON export_cartons (lot_id, sscc);
      CREATE INDEX export_cartons_pallet_idx ON export_cartons (pallet_id) WHERE pallet_id IS NOT NULL;

      CREATE TABLE packed_units (
        unit_id uuid PRIMARY KEY REFERENCES units(id),
        carton_id uuid NOT NULL REFERENCES export_cartons(id),
        lot_id uuid NOT NULL REFERENCES export_lots(id),
        packed_at timestamptz NOT NULL,
        packed_by text NOT NULL
      );
      CREATE INDEX packed_units_carton_idx ON packed_units (carton_id);
      CREATE INDEX packed_units_lot_idx ON packed_units (lot_id);

      CREATE TABLE lot_inspections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lot_id uuid NOT NULL REFERENCES export_lots(id),
        lot_size int NOT NULL CHECK (lot_size > 0),
        aql numeric(7, 3) NOT NULL,
        code_letter char(1) NOT NULL,
        plan_letter char(1) NOT NULL,
        sample_size int NOT NULL CHECK (sample_size > 0),
        accept_number int NOT NULL,
        reject_number int NOT NULL,
        status text NOT NULL DEFAULT 'IN_PROGRESS' CHECK (status IN ('IN_PROGRESS', 'ACCEPTED', 'REJECTED')),
        drawn_by text NOT NULL,
        drawn_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      );
      -- One inspection per lot at a time; a decided one stays as history.
      CREATE UNIQUE INDEX lot_inspections_open_key ON lot_inspections (lot_id) WHERE status = 'IN_PROGRESS';
      CREATE INDEX lot_inspections_lot_idx ON lot_inspections (lot_id, drawn_at);

      CREATE TABLE lot_inspection_samples (
        inspection_id uuid NOT NULL REFERENCES lot_inspections(id),
        unit_id uuid NOT NULL REFERENCES units(id),
        result text CHECK (result IN ('PASS', 'FAIL')),
        defect_codes text[] NOT NULL DEFAULT '{}',
        inspected_by text,
        inspected_at timestamptz,
        PRIMARY KEY (inspection_id, unit_id),
        CHECK (result IS DISTINCT FROM 'FAIL' OR cardinality(defect_codes) > 0)
      );

      -- Why a row leaves for the registry (e.g. "Export to AE" for a DEREGISTER); the registry
      -- worker sends it as the de-registration reason. IF NOT EXISTS: the registry migration may
      -- add the same column.
      ALTER TABLE registry_outbox ADD COLUMN IF NOT EXISTS reason text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE lot_inspection_samples, lot_inspections, packed_units, export_cartons, export_pallets,
        export_lots, export_lot_counters, sscc_counters;
    `);
  }
}
