import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface MediaUploadRecord {
  mediaId: string;
  agentId: string;
  key: string;
  contentType: string;
  size: number;
}

/** SPEC S5: the images agents uploaded, by whom, so only they can send them. */
@Injectable()
export class MediaUploadRepository {
  async insert(manager: EntityManager, upload: MediaUploadRecord): Promise<void> {
    await manager.query(
      `INSERT INTO media_upload (media_id, agent_id, storage_key, content_type, size) VALUES ($1, $2, $3, $4, $5)`,
      [upload.mediaId, upload.agentId, upload.key, upload.contentType, upload.size],
    );
  }

  /** The given uploads of this agent; ids of others' uploads or unknown ids are left out. */
  async ofAgent(
    manager: EntityManager,
    agentId: string,
    mediaIds: readonly string[],
  ): Promise<MediaUploadRecord[]> {
    const rows = await manager.query<
      Array<{ media_id: string; agent_id: string; storage_key: string; content_type: string; size: number }>
    >(
      `SELECT media_id, agent_id, storage_key, content_type, size FROM media_upload
        WHERE agent_id = $1 AND media_id = ANY($2::text[])`,
      [agentId, mediaIds],
    );
    return rows.map((row) => ({
      mediaId: row.media_id,
      agentId: row.agent_id,
      key: row.storage_key,
      contentType: row.content_type,
      size: row.size,
    }));
  }
}
