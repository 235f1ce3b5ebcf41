import { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, station keys, the audit trail, idempotency keys and the master data. */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('ADMIN','MANAGER','SUPERVISOR','LOGISTICS')),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_key ON users (lower(email));

      CREATE TABLE login_failures (
        email text PRIMARY KEY,
        failures int NOT NULL,
        last_failed_at timestamptz NOT NULL
      );

      CREATE TABLE station_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        key_prefix text NOT NULL,
        key_hash text NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE UNIQUE INDEX station_keys_prefix_key ON station_keys (key_prefix);

      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        user_id uuid,
        actor text NOT NULL,
        entity text NOT NULL,
        entity_id text NOT NULL,
        action text NOT NULL,
        before jsonb,
        after jsonb
      );
      CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at);
      CREATE INDEX audit_log_user_idx ON audit_log (user_id, at);
      CREATE INDEX audit_log_at_idx ON audit_log (at);

      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        response_status int,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

      CREATE TABLE plants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        timezone text NOT NULL DEFAULT 'Asia/Karachi',
        gs1_company_prefix text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE lines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plant_id uuid NOT NULL REFERENCES plants(id),
        code text NOT NULL,
        name text NOT NULL,
        daily_capacity int NOT NULL CHECK (daily_capacity > 0),
        shifts jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT lines_plant_code_key UNIQUE (plant_id, code)
      );

      CREATE TABLE device_models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand text NOT NULL,
        name text NOT NULL,
        model_number text NOT NULL,
        device_type text NOT NULL,
        technologies text[] NOT NULL,
        imeis_per_device smallint NOT NULL CHECK (imeis_per_device IN (1, 2)),
        type_approval_number text,
        route text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX device_models_brand_model_number_key ON device_models (lower(brand), lower(model_number));

      CREATE TABLE device_model_tacs (
        tac char(8) PRIMARY KEY CHECK (tac ~ '^[0-9]{8}$'),
        device_model_id uuid NOT NULL REFERENCES device_models(id) ON DELETE CASCADE
      );
      CREATE INDEX device_model_tacs_model_idx ON device_model_tacs (device_model_id);

      CREATE TABLE defect_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        description text NOT NULL,
        stage text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE work_orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        device_model_id uuid NOT NULL REFERENCES device_models(id),
        line_id uuid NOT NULL REFERENCES lines(id),
        quantity int NOT NULL CHECK (quantity > 0),
        due_date date,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','CLOSED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX work_orders_line_idx ON work_orders (line_id);
      CREATE INDEX work_orders_model_idx ON work_orders (device_model_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE work_orders, defect_codes, device_model_tacs, device_models, lines, plants,
        idempotency_keys, audit_log, station_keys, login_failures, users;
    `);
  }
}
