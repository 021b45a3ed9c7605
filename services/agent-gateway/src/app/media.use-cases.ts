import { Inject, Injectable } from '@nestjs/common';
import {
  AppError,
  CONFIG,
  DATA_SOURCE,
  MEDIA_STORAGE,
  type MediaStorage,
  type StoredMedia,
} from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { AgentGatewayConfig } from '../config';
import type { AuthenticatedAgent } from '../domain/agent';
import { checkUpload } from '../domain/media-upload';
import type { MediaItem } from '../domain/read-model';
import { MediaUploadRepository } from '../infra/database/media-upload.repository';
import { MessageViewRepository } from '../infra/database/message-view.repository';
import { ConversationAccess } from './conversation-access';
import { AgentErrorCodes } from './error-codes';

export interface UploadedMedia {
  mediaId: string;
  contentType: string;
  size: number;
}

/** SPEC S5: an image an agent means to send, checked and stored; sent later by its id. */
@Injectable()
export class UploadMediaUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: AgentGatewayConfig,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    private readonly uploads: MediaUploadRepository,
  ) {}

  async execute(
    agent: AuthenticatedAgent,
    bytes: Buffer,
    claimedType: string | undefined,
  ): Promise<UploadedMedia> {
    const checked = checkUpload(bytes, claimedType, {
      maxBytes: this.config.MEDIA_MAX_UPLOAD_BYTES,
      allowedTypes: this.config.MEDIA_ALLOWED_TYPES,
    });
    if (!checked.ok)
      throw new AppError(checked.refusal.code, checked.refusal.status, checked.refusal.message);
    const mediaId = `up-${uuidv7()}`;
    const key = `upload/${mediaId}`;
    await this.storage.put(key, bytes, checked.contentType);
    await this.uploads.insert(this.dataSource.manager, {
      mediaId,
      agentId: agent.id,
      key,
      contentType: checked.contentType,
      size: bytes.length,
    });
    return { mediaId, contentType: checked.contentType, size: bytes.length };
  }
}

/**
 * SPEC S5: a medium of a conversation, for whoever may read the conversation (the same 404
 * otherwise), streamed from storage.
 */
@Injectable()
export class ReadConversationMediaUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    private readonly access: ConversationAccess,
    private readonly messages: MessageViewRepository,
  ) {}

  async execute(agent: AuthenticatedAgent, interactionId: string, mediaId: string): Promise<StoredMedia> {
    await this.access.readable(this.dataSource.manager, agent, interactionId);
    const medium = await this.messages.findStoredMedia(this.dataSource.manager, interactionId, mediaId);
    const stored = medium ? await this.storage.get(medium.key) : null;
    if (!stored) {
      throw new AppError(AgentErrorCodes.MEDIA_NOT_FOUND, 404, `no image ${mediaId} in this conversation`);
    }
    return stored;
  }
}

/** The stored media items of the agent's own uploads, in the order asked; 422 for any other id. */
export async function ownUploads(
  dataSource: DataSource,
  uploads: MediaUploadRepository,
  agentId: string,
  mediaIds: readonly string[],
): Promise<Array<Extract<MediaItem, { status: 'stored' }>>> {
  if (mediaIds.length === 0) return [];
  const found = new Map(
    (await uploads.ofAgent(dataSource.manager, agentId, mediaIds)).map((u) => [u.mediaId, u]),
  );
  return mediaIds.map((mediaId) => {
    const upload = found.get(mediaId);
    if (!upload) {
      throw new AppError(AgentErrorCodes.MEDIA_NOT_FOUND, 422, `no uploaded image ${mediaId} of yours`, {
        mediaId,
      });
    }
    return { status: 'stored', mediaId, key: upload.key, contentType: upload.contentType, size: upload.size };
  });
}
