import { ApiErrors, ErrorCodes } from '@threadline/platform';
import { AgentErrorCodes as Codes } from '../../app/error-codes';

/** Error documentation shared by several endpoints. */

export const AuthenticationErrors = ApiErrors({
  status: 401,
  codes: [Codes.UNAUTHENTICATED, Codes.TOKEN_INVALID, Codes.TOKEN_EXPIRED],
  description: 'No bearer token, one that is not ours or has expired, or an inactive agent',
});

/** A path id that is not a uuid. */
export const validationError = (description: string) => ({
  status: 400,
  codes: [Codes.VALIDATION_FAILED],
  description,
});

/**
 * A JSON body that does not parse, or breaks the request's schema (`details` lists how); and the
 * owner's own 400s for the request (`ownerCodes`), which share the status.
 */
export const bodyErrors = (description: string, ownerCodes: readonly string[] = []) => ({
  status: 400,
  codes: [ErrorCodes.MALFORMED_BODY, Codes.VALIDATION_FAILED, ...ownerCodes],
  description,
});

export const dependencyUnavailable = (owner: string) => ({
  status: 503,
  codes: [Codes.DEPENDENCY_UNAVAILABLE],
  description: `${owner} did not answer`,
});

/** GET /profiles/{profileId} answers 404 before anyone is told whether they may see it. */
export const profileNotFound = {
  status: 404,
  codes: [Codes.PROFILE_NOT_FOUND],
  description: 'No messaging profile with this id',
};

/** SPEC P5: who may see and correct a messaging profile. */
export const profileAccessDenied = {
  status: 403,
  codes: [Codes.PROFILE_ACCESS_DENIED],
  description:
    'Neither a manager or admin, nor the agent holding an open interaction of the profile’s number',
};
