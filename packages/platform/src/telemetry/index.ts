// A separate entry point: it must be loadable before NestJS, express and pg (see startTelemetry).
export * from './telemetry';
export * from './json-file-exporter';
export * from './telemetry-env';
