import {
  createEnvelope,
  type RequestOf,
  type ResponseOf,
  type queries,
  type CountryCode,
} from '@threadline/contracts';
import { AppError, type Outbox } from '@threadline/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { GUEST_USER_ID } from '../domain/guest-user';
import {
  decideReassociation,
  decideUndo,
  type Refusal,
  refuseTarget,
  type Target,
} from '../domain/profile-change';
import { type ProfileActor, ProfileRepository } from '../infra/profile.repository';
import { isUuid } from '../domain/ids';
import { addressOrRefuse } from './address';

type Reassociate = typeof queries.reassociateProfile;
type Undo = typeof queries.undoProfileChange;
type Replace = typeof queries.replaceProfile;

function refuse(refusal: Refusal): never {
  throw new AppError(refusal.code, refusal.status, refusal.message);
}

/**
 * The changes agents make to messaging profiles (SPEC P5, A4): each in one transaction with
 * its audit entry and its event, the profile row locked so that two agents correcting one
 * profile at once are applied one after the other.
 */
export class ProfileChangesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly defaultRegion: CountryCode,
  ) {}

  reassociate(request: RequestOf<Reassociate>): Promise<ResponseOf<Reassociate>> {
    return this.dataSource.transaction(async (manager) => {
      const repository = new ProfileRepository(manager);
      const profile = await this.lockedProfile(repository, request.profileId);
      const decision = decideReassociation(profile, await this.target(repository, request.userId));
      if ('refused' in decision) refuse(decision.refused);
      if (!decision.change)
        return { profile: (await repository.profileView(profile.profileId))!, audit: null };
      return this.applyChange(
        manager,
        repository,
        profile,
        decision.toUserId,
        request.actor,
        request.reason,
        null,
      );
    });
  }

  undo(request: RequestOf<Undo>): Promise<ResponseOf<Undo>> {
    return this.dataSource.transaction(async (manager) => {
      const repository = new ProfileRepository(manager);
      const profile = await this.lockedProfile(repository, request.profileId);
      const entry = isUuid(request.auditId) ? await repository.auditEntry(request.auditId) : null;
      const undo = decideUndo(profile, entry, request.auditId);
      if ('refused' in undo) refuse(undo.refused);
      const target = await this.target(repository, undo.restoreUserId);
      const decision = decideReassociation(profile, target);
      if ('refused' in decision) refuse(decision.refused);
      return this.applyChange(
        manager,
        repository,
        profile,
        undo.restoreUserId,
        request.actor,
        request.reason,
        request.auditId,
      );
    });
  }

  /**
   * SPEC A4: the agent contacts a number on behalf of a user other than the one its profile
   * points to. The old profile is kept as history (inactive) and a new one, verified by the
   * agent, takes the address; both steps are audited.
   */
  replace(request: RequestOf<Replace>): Promise<ResponseOf<Replace>> {
    const address = addressOrRefuse(request.address, this.defaultRegion);
    return this.dataSource.transaction(async (manager) => {
      const repository = new ProfileRepository(manager);
      const target = await this.target(repository, request.userId);
      const refusal = refuseTarget(target);
      if (refusal) refuse(refusal);
      const userId = target.kind === 'user' ? target.userId : null;

      const old = await repository.lockActiveProfile('sms', address);
      const occurredAt = new Date().toISOString();
      const events = [];
      if (old) {
        await repository.deactivateProfile(old.profileId);
      }
      const created = await repository.createProfile('sms', address, userId, request.actor.id ?? 'system');
      if (created === null) {
        // Only reachable when another transaction created the address's first profile meanwhile.
        throw new AppError('CONFLICT', 409, `the profile of ${address} changed meanwhile; try again`);
      }
      if (old) {
        const deactivationId = await repository.insertAudit({
          profileId: old.profileId,
          action: 'deactivated',
          fromUserId: old.userId,
          toUserId: null,
          actor: request.actor,
          reason: request.reason,
        });
        events.push(
          createEnvelope('profile.messaging-profile.deactivated.v1', {
            profileId: old.profileId,
            channel: 'sms',
            address,
            userId: old.userId,
            auditId: deactivationId,
            actor: request.actor,
            reason: request.reason,
            replacedByProfileId: created.profileId,
            occurredAt,
          }),
        );
      }
      const auditId = await repository.insertAudit({
        profileId: created.profileId,
        action: 'created',
        fromUserId: old?.userId ?? null,
        toUserId: userId,
        actor: request.actor,
        reason: request.reason,
      });
      events.push(
        createEnvelope('profile.messaging-profile.created.v1', {
          profileId: created.profileId,
          channel: 'sms',
          address,
          userId,
          requesterUserId: userId ?? GUEST_USER_ID,
          rule: 'A4',
          auditId,
        }),
      );
      await this.outbox.add(manager, events);
      return {
        profile: (await repository.profileView(created.profileId))!,
        deactivatedProfileId: old?.profileId ?? null,
        audit: (await repository.auditEntry(auditId))!,
      };
    });
  }

  private async lockedProfile(repository: ProfileRepository, profileId: string) {
    const profile = await repository.lockProfile(profileId);
    if (!profile) throw new AppError('PROFILE_NOT_FOUND', 404, `profile ${profileId} does not exist`);
    return profile;
  }

  /** The guest is asked for as null or by its id; anything else must be a directory user. */
  private async target(repository: ProfileRepository, userId: string | null): Promise<Target> {
    if (userId === null || userId === GUEST_USER_ID) return { kind: 'guest' };
    const [user] = isUuid(userId) ? await repository.users([userId]) : [];
    return user ? { kind: 'user', userId: user.userId, active: user.active } : { kind: 'missing', userId };
  }

  private async applyChange(
    manager: EntityManager,
    repository: ProfileRepository,
    profile: { profileId: string; userId: string | null; address: string },
    toUserId: string | null,
    actor: ProfileActor,
    reason: string,
    undoesAuditId: string | null,
  ): Promise<ResponseOf<Reassociate>> {
    await repository.setProfileUser(profile.profileId, toUserId, actor.id ?? 'system');
    let auditId: string;
    try {
      auditId = await repository.insertAudit({
        profileId: profile.profileId,
        action: 'reassociated',
        fromUserId: profile.userId,
        toUserId,
        actor,
        reason,
        undoesAuditId,
      });
    } catch (error) {
      // The unique undo constraint: another undo of the same entry committed first.
      if ((error as { code?: string }).code === '23505' && undoesAuditId !== null) {
        throw new AppError('ALREADY_UNDONE', 409, `change ${undoesAuditId} was undone already`);
      }
      throw error;
    }
    await this.outbox.add(manager, [
      createEnvelope('profile.messaging-profile.reassociated.v1', {
        profileId: profile.profileId,
        channel: 'sms',
        address: profile.address,
        fromUserId: profile.userId,
        toUserId,
        requesterUserId: toUserId ?? GUEST_USER_ID,
        auditId,
        actor,
        reason,
        undoesAuditId,
        occurredAt: new Date().toISOString(),
      }),
    ]);
    return {
      profile: (await repository.profileView(profile.profileId))!,
      audit: (await repository.auditEntry(auditId))!,
    };
  }
}
