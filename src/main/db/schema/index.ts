export * from './hubs.js';
export * from './keys.js';
export * from './audit.js';
