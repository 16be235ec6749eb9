export * from './access-tokens.js';
export * from './broker-calls.js';
export * from './token-policies.js';
export * from './content-version.js';
