export * from './media-storage';
export * from './local-media-storage';
export * from './s3-media-storage';
export * from './media-types';
export * from './read-limited';
export * from './signed-media-url';
export * from './media-config';
