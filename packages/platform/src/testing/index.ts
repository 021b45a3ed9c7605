// Test helpers that need nothing but the servers; @threadline/testkit builds on them.
export * from './servers';
export * from './eventually';
export * from './isolation';
