import {
  type CountryCode,
  type RequestOf,
  type ResponseOf,
  type queries,
  toE164,
} from '@threadline/contracts';
import { AppError } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { resolveRequester } from '../domain/resolve-requester';
import { ProfileRepository } from '../infra/profile.repository';
import { isUuid } from '../domain/ids';
import { addressOrRefuse } from './address';

/** Read-only answers about profiles and the directory; nothing here writes. */
export class ProfileQueriesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly defaultRegion: CountryCode,
  ) {}

  async get(request: RequestOf<typeof queries.getProfile>): Promise<ResponseOf<typeof queries.getProfile>> {
    const profile = await new ProfileRepository(this.dataSource.manager).profileView(request.profileId);
    if (!profile) throw new AppError('PROFILE_NOT_FOUND', 404, `profile ${request.profileId} does not exist`);
    return profile;
  }

  async history(
    request: RequestOf<typeof queries.profileHistory>,
  ): Promise<ResponseOf<typeof queries.profileHistory>> {
    const repository = new ProfileRepository(this.dataSource.manager);
    const entries = await repository.history(request.profileId);
    // No entries: an unchanged profile, or none at all.
    if (entries.length === 0 && !(await repository.profileView(request.profileId))) {
      throw new AppError('PROFILE_NOT_FOUND', 404, `profile ${request.profileId} does not exist`);
    }
    return { entries };
  }

  /** What an SMS from the number would resolve to now (the same rules as an inbound message). */
  async lookup(
    request: RequestOf<typeof queries.lookupRequester>,
  ): Promise<ResponseOf<typeof queries.lookupRequester>> {
    const address = addressOrRefuse(request.address, this.defaultRegion);
    const { matches, users, current, profile } = await new ProfileRepository(
      this.dataSource.manager,
    ).lookupInputs('sms', address);
    const resolution = resolveRequester(matches, current);
    return {
      address,
      profile,
      directoryUsers: users,
      requesterUserId: resolution.requesterUserId,
      identityConflict: resolution.identityConflict,
      identityConflictReason: resolution.conflictReason,
      rule: resolution.rule,
    };
  }

  async search(
    request: RequestOf<typeof queries.searchDirectory>,
  ): Promise<ResponseOf<typeof queries.searchDirectory>> {
    const repository = new ProfileRepository(this.dataSource.manager);
    if (isUuid(request.query)) return { users: await repository.users([request.query]) };
    const phone = /[0-9]{4}/.test(request.query) ? toE164(request.query, this.defaultRegion) : null;
    return { users: await repository.searchUsers(request.query, phone, request.limit) };
  }
}
