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

/** A JSON body that does not parse, or breaks the request's schema (`details` lists how). */
export const bodyErrors = (description: string) => ({
  status: 400,
  codes: [ErrorCodes.MALFORMED_BODY, Codes.VALIDATION_FAILED],
  description,
});

export const dependencyUnavailable = (owner: string) => ({
  status: 503,
  codes: [Codes.DEPENDENCY_UNAVAILABLE],
  description: `${owner} did not answer`,
});
