import { ErrorCodes } from '@threadline/platform';

/** The stable codes of the agent API (docs/first-conversation.md, "Error codes introduced"). */
export const AgentErrorCodes = {
  VALIDATION_FAILED: ErrorCodes.VALIDATION_FAILED,
  UNAUTHENTICATED: ErrorCodes.UNAUTHENTICATED,
  TOKEN_INVALID: 'TOKEN_INVALID',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  OFFER_NOT_FOUND: 'OFFER_NOT_FOUND',
  OFFER_ALREADY_ACCEPTED: 'OFFER_ALREADY_ACCEPTED',
  OFFER_NOT_YOURS: 'OFFER_NOT_YOURS',
  INTERACTION_NOT_FOUND: 'INTERACTION_NOT_FOUND',
  NOT_ASSIGNEE: 'NOT_ASSIGNEE',
  INTERACTION_CLOSED: 'INTERACTION_CLOSED',
  /** The service that owns a command did not answer (down, or too slow). */
  DEPENDENCY_UNAVAILABLE: 'DEPENDENCY_UNAVAILABLE',
} as const;
