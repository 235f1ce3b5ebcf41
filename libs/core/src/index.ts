export * from './domain-errors';
export * from './pagination';
export * from './idempotency';
export * from './clock';
export * from './group-runner';
export * from './short-lived-cache';
export * from './max-json-bytes';
export * from './uuid';
