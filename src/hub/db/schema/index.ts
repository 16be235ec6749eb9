export * from './hubs.js';
export * from './members.js';
export * from './invites.js';
export * from './wrapped-keys.js';
export * from './items.js';
