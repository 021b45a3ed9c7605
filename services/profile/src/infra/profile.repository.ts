import type { schemas } from '@threadline/contracts';
import { queryPrepared } from '@threadline/platform';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { AuditRecord } from '../domain/profile-change';
import { type CurrentProfile, type DirectoryMatch, requesterOf } from '../domain/resolve-requester';

export type DirectoryUserView = z.infer<typeof schemas.directoryUser>;
export type MessagingProfileView = z.infer<typeof schemas.messagingProfile>;
export type AuditEntryView = z.infer<typeof schemas.auditEntry>;
export type ProfileActor = z.infer<typeof schemas.profileActor>;

interface UserRow {
  id: string;
  external_id: string | null;
  name: string;
  email: string | null;
  active: boolean;
  phones: Array<{ address: string; kind: string }> | null;
}

interface ProfileRow {
  id: string;
  channel: 'sms';
  address: string;
  active: boolean;
  user_id: string | null;
  /** Text when read from inside a JSON value. */
  verified_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

interface AuditRow {
  id: string;
  profile_id: string;
  action: AuditRecord['action'];
  from_user_id: string | null;
  to_user_id: string | null;
  actor_kind: 'agent' | 'system';
  actor_id: string | null;
  actor_role: ProfileActor['role'];
  reason: string;
  undoes_audit_id: string | null;
  undone_by_audit_id: string | null;
  occurred_at: Date;
}

/** A user's row with its phone numbers folded in, in one statement. */
const USER_COLUMNS = `u.id, u.external_id, u.name, u.email, u.active,
  (SELECT json_agg(json_build_object('address', ph.address, 'kind', ph.kind) ORDER BY ph.kind, ph.address)
     FROM directory_user_phone ph WHERE ph.user_id = u.id) AS phones`;

const AUDIT_COLUMNS = `a.id, a.profile_id, a.action, a.from_user_id, a.to_user_id, a.actor_kind, a.actor_id,
  a.actor_role, a.reason, a.undoes_audit_id, a.occurred_at,
  (SELECT b.id FROM profile_audit b WHERE b.undoes_audit_id = a.id) AS undone_by_audit_id`;

function toUser(row: UserRow): DirectoryUserView {
  const phones = row.phones ?? [];
  return {
    userId: row.id,
    externalId: row.external_id,
    name: row.name,
    email: row.email,
    mobile: phones.find((phone) => phone.kind === 'mobile')?.address ?? null,
    otherPhones: phones.filter((phone) => phone.kind !== 'mobile').map((phone) => phone.address),
    active: row.active,
  };
}

/** A profile row and its user as the contract shows them; timestamps may arrive as text (JSON). */
function toProfileView(row: ProfileRow, user: DirectoryUserView | null): MessagingProfileView {
  const iso = (value: Date | string) => new Date(value).toISOString();
  return {
    profileId: row.id,
    channel: row.channel,
    address: row.address,
    active: row.active,
    userId: row.user_id,
    user,
    requesterUserId: requesterOf({ userId: row.user_id, userActive: user?.active ?? true }),
    verifiedAt: row.verified_at === null ? null : iso(row.verified_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function toAudit(row: AuditRow): AuditEntryView & AuditRecord {
  return {
    auditId: row.id,
    profileId: row.profile_id,
    action: row.action,
    fromUserId: row.from_user_id,
    toUserId: row.to_user_id,
    actor: { kind: row.actor_kind, id: row.actor_id, role: row.actor_role },
    reason: row.reason,
    undoesAuditId: row.undoes_audit_id,
    undoneByAuditId: row.undone_by_audit_id,
    occurredAt: row.occurred_at.toISOString(),
  };
}

/** SQL over the profile schema's profiles and audit; every method runs in the caller's transaction. */
export class ProfileRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * What the decision needs, in one round trip: the directory users that carry the number and
   * the address's active profile. Every inbound SMS asks this, so it is one statement.
   */
  async resolutionInputs(
    channel: string,
    address: string,
  ): Promise<{ matches: DirectoryMatch[]; profile: CurrentProfile | null }> {
    const [row] = await queryPrepared<{
      matches: Array<{ id: string; active: boolean }>;
      profile: {
        id: string;
        user_id: string | null;
        user_active: boolean;
        verified: boolean;
        last_change_id: string | null;
      } | null;
    }>(
      this.manager,
      'profile_resolution_inputs',
      `SELECT
         (SELECT coalesce(json_agg(json_build_object('id', u.id, 'active', u.active) ORDER BY u.id), '[]'::json)
            FROM directory_user u
           WHERE NOT u.is_guest AND u.id IN (SELECT ph.user_id FROM directory_user_phone ph WHERE ph.address = $2)
         ) AS matches,
         (SELECT json_build_object(
                   'id', p.id, 'user_id', p.user_id, 'user_active', coalesce(u.active, true),
                   'verified', p.verified_at IS NOT NULL,
                   'last_change_id',
                   (SELECT a.id FROM profile_audit a WHERE a.profile_id = p.id ORDER BY a.id DESC LIMIT 1))
            FROM messaging_profile p LEFT JOIN directory_user u ON u.id = p.user_id
           WHERE p.channel = $1 AND p.address = $2 AND p.active
         ) AS profile`,
      [channel, address],
    );
    const profile = row?.profile ?? null;
    return {
      matches: (row?.matches ?? []).map((match) => ({ userId: match.id, active: match.active })),
      profile: profile
        ? {
            profileId: profile.id,
            userId: profile.user_id,
            userActive: profile.user_active,
            verified: profile.verified,
            lastChangeId: profile.last_change_id,
          }
        : null,
    };
  }

  /**
   * Everything a lookup shows, in one round trip: the users that carry the number (with their
   * numbers) and the active profile with its user, plus what the decision needs.
   */
  async lookupInputs(
    channel: string,
    address: string,
  ): Promise<{
    matches: DirectoryMatch[];
    users: DirectoryUserView[];
    current: CurrentProfile | null;
    profile: MessagingProfileView | null;
  }> {
    const [row] = await queryPrepared<{
      users: UserRow[];
      profile:
        (ProfileRow & { verified: boolean; last_change_id: string | null; user: UserRow | null }) | null;
    }>(
      this.manager,
      'profile_lookup_inputs',
      `SELECT
         (SELECT coalesce(json_agg(x ORDER BY x.id), '[]'::json) FROM (
            SELECT ${USER_COLUMNS} FROM directory_user u
             WHERE NOT u.is_guest AND u.id IN (SELECT ph.user_id FROM directory_user_phone ph WHERE ph.address = $2)
          ) x) AS users,
         (SELECT row_to_json(y) FROM (
            SELECT p.id, p.channel, p.address, p.active, p.user_id, p.verified_at, p.created_at, p.updated_at,
                   p.verified_at IS NOT NULL AS verified,
                   (SELECT a.id FROM profile_audit a WHERE a.profile_id = p.id ORDER BY a.id DESC LIMIT 1)
                     AS last_change_id,
                   (SELECT row_to_json(z) FROM (SELECT ${USER_COLUMNS} FROM directory_user u WHERE u.id = p.user_id) z)
                     AS user
              FROM messaging_profile p
             WHERE p.channel = $1 AND p.address = $2 AND p.active
          ) y) AS profile`,
      [channel, address],
    );
    const users = (row?.users ?? []).map(toUser);
    const matches = users.map((user) => ({ userId: user.userId, active: user.active }));
    const raw = row?.profile ?? null;
    if (!raw) return { matches, users, current: null, profile: null };
    const user = raw.user ? toUser(raw.user) : null;
    return {
      matches,
      users,
      current: {
        profileId: raw.id,
        userId: raw.user_id,
        userActive: user?.active ?? true,
        verified: raw.verified,
        lastChangeId: raw.last_change_id,
      },
      profile: toProfileView(raw, user),
    };
  }

  /**
   * Creates the address's active profile unless another transaction just did (the partial
   * unique index decides); returns null in that case, and the caller reads the winner's.
   */
  async createProfile(
    channel: string,
    address: string,
    userId: string | null,
    verifiedBy: string | null = null,
  ): Promise<CurrentProfile | null> {
    const [row] = await this.manager.query<Array<{ id: string }>>(
      `INSERT INTO messaging_profile (id, channel, address, user_id, verified_at, verified_by)
       VALUES ($1, $2, $3, $4, CASE WHEN $5::text IS NULL THEN NULL ELSE now() END, $5)
       ON CONFLICT (channel, address) WHERE active DO NOTHING
       RETURNING id`,
      [uuidv7(), channel, address, userId, verifiedBy],
    );
    return row ? { profileId: row.id, userId, userActive: true, verified: verifiedBy !== null } : null;
  }

  /** The profile's row, locked until the transaction ends: changes to one profile go one at a time. */
  async lockProfile(profileId: string): Promise<{
    profileId: string;
    active: boolean;
    userId: string | null;
    address: string;
    verified: boolean;
  } | null> {
    const [row] = await this.manager.query<
      Array<{ id: string; active: boolean; user_id: string | null; address: string; verified: boolean }>
    >(
      `SELECT id, active, user_id, address, verified_at IS NOT NULL AS verified
         FROM messaging_profile WHERE id = $1 FOR UPDATE`,
      [profileId],
    );
    return row
      ? {
          profileId: row.id,
          active: row.active,
          userId: row.user_id,
          address: row.address,
          verified: row.verified,
        }
      : null;
  }

  /** The address's active profile, locked (A4 replaces it). */
  async lockActiveProfile(
    channel: string,
    address: string,
  ): Promise<{ profileId: string; userId: string | null } | null> {
    const [row] = await this.manager.query<Array<{ id: string; user_id: string | null }>>(
      `SELECT id, user_id FROM messaging_profile WHERE channel = $1 AND address = $2 AND active FOR UPDATE`,
      [channel, address],
    );
    return row ? { profileId: row.id, userId: row.user_id } : null;
  }

  async setProfileUser(profileId: string, userId: string | null, verifiedBy: string | null): Promise<void> {
    await this.manager.query(
      `UPDATE messaging_profile SET user_id = $2, verified_at = now(), verified_by = $3, updated_at = now()
        WHERE id = $1`,
      [profileId, userId, verifiedBy],
    );
  }

  async deactivateProfile(profileId: string): Promise<void> {
    await this.manager.query(
      `UPDATE messaging_profile SET active = false, deactivated_at = now(), updated_at = now() WHERE id = $1`,
      [profileId],
    );
  }

  async profileView(profileId: string): Promise<MessagingProfileView | null> {
    const [row] = await this.manager.query<ProfileRow[]>(
      `SELECT id, channel, address, active, user_id, verified_at, created_at, updated_at
         FROM messaging_profile WHERE id = $1`,
      [profileId],
    );
    if (!row) return null;
    const [user] = row.user_id ? await this.users([row.user_id]) : [];
    return toProfileView(row, user ?? null);
  }

  /** Directory users by id, in the order asked; unknown ids and the guest are left out. */
  async users(userIds: readonly string[]): Promise<DirectoryUserView[]> {
    if (userIds.length === 0) return [];
    const rows = await this.manager.query<UserRow[]>(
      `SELECT ${USER_COLUMNS} FROM directory_user u WHERE u.id = ANY($1::uuid[]) AND NOT u.is_guest`,
      [userIds],
    );
    const byId = new Map(rows.map((row) => [row.id, toUser(row)]));
    return userIds.flatMap((id) => byId.get(id) ?? []);
  }

  async insertAudit(entry: {
    profileId: string;
    action: AuditRecord['action'];
    fromUserId: string | null;
    toUserId: string | null;
    actor: ProfileActor;
    reason: string;
    undoesAuditId?: string | null;
  }): Promise<string> {
    const auditId = uuidv7();
    await this.manager.query(
      `INSERT INTO profile_audit
         (id, profile_id, action, from_user_id, to_user_id, actor_kind, actor_id, actor_role, reason, undoes_audit_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        auditId,
        entry.profileId,
        entry.action,
        entry.fromUserId,
        entry.toUserId,
        entry.actor.kind,
        entry.actor.id,
        entry.actor.role,
        entry.reason,
        entry.undoesAuditId ?? null,
      ],
    );
    return auditId;
  }

  async auditEntry(auditId: string): Promise<(AuditEntryView & AuditRecord) | null> {
    const [row] = await this.manager.query<AuditRow[]>(
      `SELECT ${AUDIT_COLUMNS} FROM profile_audit a WHERE a.id = $1`,
      [auditId],
    );
    return row ? toAudit(row) : null;
  }

  async history(profileId: string): Promise<AuditEntryView[]> {
    const rows = await this.manager.query<AuditRow[]>(
      `SELECT ${AUDIT_COLUMNS} FROM profile_audit a WHERE a.profile_id = $1 ORDER BY a.occurred_at DESC, a.id DESC`,
      [profileId],
    );
    return rows.map(toAudit);
  }

  /**
   * Users whose number is `phone` (when the query is one), or whose external id matches, or
   * whose name or email starts with the query. Prefix matches use the lower() indexes, so a
   * search stays fast on a directory of millions.
   */
  async searchUsers(query: string, phone: string | null, limit: number): Promise<DirectoryUserView[]> {
    const prefix = `${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.manager.query<UserRow[]>(
      `SELECT ${USER_COLUMNS} FROM directory_user u
        WHERE NOT u.is_guest AND (
              u.id IN (SELECT ph.user_id FROM directory_user_phone ph WHERE ph.address = $1)
           OR u.external_id = $2
           OR lower(u.name) LIKE $3
           OR lower(u.email) LIKE $3)
        ORDER BY u.active DESC, u.name, u.id
        LIMIT $4`,
      [phone, query, prefix, limit],
    );
    return rows.map(toUser);
  }
}
