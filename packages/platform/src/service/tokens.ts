/** Injection tokens for what the platform provides to every service module. */
export const RUNTIME = Symbol('threadline.runtime');
export const CONFIG = Symbol('threadline.config');
export const LOGGER = Symbol('threadline.logger');
export const DATA_SOURCE = Symbol('threadline.dataSource');
export const OUTBOX = Symbol('threadline.outbox');
export const REDIS = Symbol('threadline.redis');
export const NATS = Symbol('threadline.nats');
export const CONSUMERS = Symbol('threadline.consumers');
export const QUERIES = Symbol('threadline.queries');
