export * from './envelope';
export * from './errors';
export * from './registry';
export * from './streams';
export * from './codec';
export * from './queries';
export * from './query-registry';
export * as schemas from './schemas';
export { buildAsyncApiDocument } from './asyncapi';
