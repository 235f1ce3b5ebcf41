export * from './work-orders';
