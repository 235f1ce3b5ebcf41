export * from './database.module';
export * from './ensure-database';
export * from './run-migrations';
export * from './postgres-url';
export * from './prepared-query';
