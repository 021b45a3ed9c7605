import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { CurrentProfile } from '../domain/resolve-requester';

/** SQL over the profile schema; every method runs in the caller's transaction. */
export class ProfileRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Active, non-guest directory users that carry `address` among their numbers. */
  async activeUsersWithNumber(address: string): Promise<string[]> {
    const rows = await this.manager.query<Array<{ id: string }>>(
      `SELECT DISTINCT u.id FROM directory_user u
         JOIN directory_user_phone p ON p.user_id = u.id
        WHERE p.address = $1 AND u.active AND NOT u.is_guest
        ORDER BY u.id`,
      [address],
    );
    return rows.map((row) => row.id);
  }

  async activeProfile(channel: string, address: string): Promise<CurrentProfile | null> {
    const [row] = await this.manager.query<Array<{ id: string; user_id: string | null }>>(
      `SELECT id, user_id FROM messaging_profile WHERE channel = $1 AND address = $2 AND active`,
      [channel, address],
    );
    return row ? { profileId: row.id, userId: row.user_id } : null;
  }

  /**
   * Creates the address's active profile unless another transaction just did (the partial
   * unique index decides); returns null in that case, and the caller reads the winner's.
   */
  async createProfile(
    channel: string,
    address: string,
    userId: string | null,
  ): Promise<CurrentProfile | null> {
    const [row] = await this.manager.query<Array<{ id: string }>>(
      `INSERT INTO messaging_profile (id, channel, address, user_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (channel, address) WHERE active DO NOTHING
       RETURNING id`,
      [uuidv7(), channel, address, userId],
    );
    return row ? { profileId: row.id, userId } : null;
  }
}
