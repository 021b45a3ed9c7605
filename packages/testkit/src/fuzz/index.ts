// Property-based fuzzing of the services' public endpoints (docs/fuzzing.md).
export { default as fc } from 'fast-check';
export * from './settings';
export * from './hostile';
export * from './openapi';
export * from './checks';
