import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FactoryProvider } from '@nestjs/common';
import { z } from 'zod';
import { ConfigError, urlWithScheme } from '../config/config';
import { CONFIG } from '../service/tokens';
import { LocalMediaStorage } from './local-media-storage';
import { MEDIA_STORAGE, type MediaStorage } from './media-storage';
import { DEFAULT_MEDIA_TYPES, parseMediaTypeList } from './media-types';
import { S3MediaStorage } from './s3-media-storage';

/**
 * Where media are kept, read alike by every service that stores or serves them (sms-gateway,
 * agent-gateway): both must point at the same directory or bucket.
 */
export const mediaConfigShape = {
  MEDIA_STORAGE: z.enum(['local', 's3']).default('local'),
  /** Shared by the services of one machine by default, so `npm start` needs no setting. */
  MEDIA_DIR: z.string().min(1).default(join(tmpdir(), 'threadline-media')),
  MEDIA_S3_ENDPOINT: urlWithScheme('http', 'https').optional(),
  MEDIA_S3_BUCKET: z.string().min(1).optional(),
  MEDIA_S3_REGION: z.string().min(1).default('us-east-1'),
  MEDIA_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  MEDIA_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Comma-separated; what may be stored and sent. */
  MEDIA_ALLOWED_TYPES: z
    .string()
    .default(DEFAULT_MEDIA_TYPES.join(','))
    .transform(parseMediaTypeList)
    .refine((types) => types.length > 0, 'at least one media type'),
};

export type MediaConfig = z.infer<z.ZodObject<typeof mediaConfigShape>>;

export const MEDIA_SECRET_KEYS = ['MEDIA_S3_ACCESS_KEY_ID', 'MEDIA_S3_SECRET_ACCESS_KEY'];

export function createMediaStorage(config: MediaConfig): MediaStorage {
  if (config.MEDIA_STORAGE === 'local') return new LocalMediaStorage(config.MEDIA_DIR);
  const missing = (
    ['MEDIA_S3_BUCKET', 'MEDIA_S3_ACCESS_KEY_ID', 'MEDIA_S3_SECRET_ACCESS_KEY'] as const
  ).filter((variable) => !config[variable]);
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map((variable) => ({ variable, problem: 'is required when MEDIA_STORAGE=s3' })),
    );
  }
  return new S3MediaStorage({
    endpoint: config.MEDIA_S3_ENDPOINT,
    bucket: config.MEDIA_S3_BUCKET!,
    region: config.MEDIA_S3_REGION,
    accessKeyId: config.MEDIA_S3_ACCESS_KEY_ID!,
    secretAccessKey: config.MEDIA_S3_SECRET_ACCESS_KEY!,
  });
}

/** The service's {@link MediaStorage}, under {@link MEDIA_STORAGE}, from its config. */
export const mediaStorageProvider: FactoryProvider<MediaStorage> = {
  provide: MEDIA_STORAGE,
  inject: [CONFIG],
  useFactory: (config: MediaConfig) => createMediaStorage(config),
};
