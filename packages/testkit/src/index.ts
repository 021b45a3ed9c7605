export * from '@threadline/platform/testing';
export * from './servers';
export * from './process';
export * from './boot';
export * from './messages';
export * from './system';
export * from './agent-client';
export * from './provider-simulator';
