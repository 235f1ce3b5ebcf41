export * from './work-orders';
export * from './units';
