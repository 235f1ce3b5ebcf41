export * from './barcode';
export * from './png-stack';
export * from './pdf';
export * from './zpl';
export * from './rendered-label';
