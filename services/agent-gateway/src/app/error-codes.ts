import { ErrorCodes } from '@threadline/platform';

/** The stable codes of the agent API (docs/first-conversation.md, "Error codes introduced"). */
export const AgentErrorCodes = {
  VALIDATION_FAILED: ErrorCodes.VALIDATION_FAILED,
  UNAUTHENTICATED: ErrorCodes.UNAUTHENTICATED,
  TOKEN_INVALID: 'TOKEN_INVALID',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  /** Too many failed logins for this username or from this address (decision 44); see Retry-After. */
  TOO_MANY_LOGIN_ATTEMPTS: 'TOO_MANY_LOGIN_ATTEMPTS',
  /** The agent already has AGENT_MAX_SOCKETS WebSockets open on this gateway replica. */
  TOO_MANY_SOCKETS: 'TOO_MANY_SOCKETS',
  OFFER_NOT_FOUND: 'OFFER_NOT_FOUND',
  OFFER_ALREADY_ACCEPTED: 'OFFER_ALREADY_ACCEPTED',
  OFFER_NOT_YOURS: 'OFFER_NOT_YOURS',
  /** SPEC W6: the offer's deadline passed; routing takes the item back. */
  OFFER_EXPIRED: 'OFFER_EXPIRED',
  INTERACTION_NOT_FOUND: 'INTERACTION_NOT_FOUND',
  /** SPEC S5: an image upload over MEDIA_MAX_UPLOAD_BYTES. */
  MEDIA_TOO_LARGE: 'MEDIA_TOO_LARGE',
  /** SPEC S5: an upload whose content type is not in MEDIA_ALLOWED_TYPES. */
  MEDIA_TYPE_NOT_ALLOWED: 'MEDIA_TYPE_NOT_ALLOWED',
  /** SPEC S5: an upload whose bytes are not the image type it claims. */
  MEDIA_CONTENT_MISMATCH: 'MEDIA_CONTENT_MISMATCH',
  /** SPEC S5: no such medium in a conversation I may read, or no upload of mine with that id. */
  MEDIA_NOT_FOUND: 'MEDIA_NOT_FOUND',
  NOT_ASSIGNEE: 'NOT_ASSIGNEE',
  INTERACTION_CLOSED: 'INTERACTION_CLOSED',
  /** The conversation's state does not allow it (hold what is not in progress, resume what is not held). */
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  /** SPEC W10: a transfer names the agent who asks for it. */
  TRANSFER_TO_SELF: 'TRANSFER_TO_SELF',
  /** SPEC W10: no queue with this id, or no active agent account with this id. */
  TRANSFER_TARGET_NOT_FOUND: 'TRANSFER_TARGET_NOT_FOUND',
  /** SPEC W10: the queue is switched off, so nobody would ever be offered the conversation there. */
  TRANSFER_QUEUE_INACTIVE: 'TRANSFER_QUEUE_INACTIVE',
  /** The service that owns a command did not answer (down, or too slow). */
  DEPENDENCY_UNAVAILABLE: 'DEPENDENCY_UNAVAILABLE',
  /** SPEC P5: a profile is for managers, admins and the agent holding an open interaction of its number. */
  PROFILE_ACCESS_DENIED: 'PROFILE_ACCESS_DENIED',
  /** The agent's role may not do this at all (directory imports are for admins). */
  ROLE_NOT_ALLOWED: 'ROLE_NOT_ALLOWED',
  IMPORT_TOO_LARGE: 'IMPORT_TOO_LARGE',
  IMPORT_UNSUPPORTED_TYPE: 'IMPORT_UNSUPPORTED_TYPE',
  IMPORT_EMPTY: 'IMPORT_EMPTY',
  IMPORT_HEADER_INVALID: 'IMPORT_HEADER_INVALID',
  IMPORT_FORMAT_INVALID: 'IMPORT_FORMAT_INVALID',
  // Profile's refusals, passed on as profile gives them (listed here for the OpenAPI document).
  PROFILE_NOT_FOUND: 'PROFILE_NOT_FOUND',
  PROFILE_INACTIVE: 'PROFILE_INACTIVE',
  USER_NOT_FOUND: 'USER_NOT_FOUND',
  USER_INACTIVE: 'USER_INACTIVE',
  AUDIT_NOT_FOUND: 'AUDIT_NOT_FOUND',
  NOT_UNDOABLE: 'NOT_UNDOABLE',
  ALREADY_UNDONE: 'ALREADY_UNDONE',
  CHANGED_SINCE: 'CHANGED_SINCE',
  PHONE_NUMBER_INVALID: 'PHONE_NUMBER_INVALID',
  IMPORT_NOT_FOUND: 'IMPORT_NOT_FOUND',
  IMPORT_ID_REUSED: 'IMPORT_ID_REUSED',
  // Agent-initiated conversations (SPEC A1–A4, docs/agent-initiated.md).
  /** The company number is not one the agent may start conversations from. */
  COMPANY_NUMBER_NOT_ALLOWED: 'COMPANY_NUMBER_NOT_ALLOWED',
  /** Only a directory user was given, and they have no mobile number to text. */
  USER_HAS_NO_MOBILE: 'USER_HAS_NO_MOBILE',
  /** SPEC A3/A4 change a conversation someone else has: the agent must acknowledge the warning. */
  CONFIRMATION_REQUIRED: 'CONFIRMATION_REQUIRED',
  /** SPEC S4: interaction refuses a text over SMS_MAX_SEGMENTS; `details`: segments, limit, encoding. */
  MESSAGE_TOO_MANY_SEGMENTS: 'MESSAGE_TOO_MANY_SEGMENTS',
  /** SPEC S2: the requester opted out of the company number; nothing is sent to them. */
  RECIPIENT_OPTED_OUT: 'RECIPIENT_OPTED_OUT',
  /** Profile's answer when the number's profile changed while it replaced it (A4): try again. */
  CONFLICT: ErrorCodes.CONFLICT,
  // Routing's refusals, passed on as routing gives them (listed here for the OpenAPI document).
  /** SPEC W3: no presence state of this name (the built-in three, or one an admin added). */
  PRESENCE_UNKNOWN: 'PRESENCE_UNKNOWN',
  /** A queue's condition or schedule is wrong; `details` lists every error as { path, code, message }. */
  QUEUE_INVALID: 'QUEUE_INVALID',
  QUEUE_NOT_FOUND: 'QUEUE_NOT_FOUND',
  QUEUE_NAME_TAKEN: 'QUEUE_NAME_TAKEN',
  /** The change would take from the fallback queue what it needs to catch every unmatched item (SPEC W2). */
  FALLBACK_QUEUE_FIXED: 'FALLBACK_QUEUE_FIXED',
  /** A new queue order that does not list every queue exactly once. */
  QUEUE_ORDER_MISMATCH: 'QUEUE_ORDER_MISMATCH',
  /** The built-in presence states keep their behaviour. */
  PRESENCE_STATE_BUILT_IN: 'PRESENCE_STATE_BUILT_IN',
  CHANNEL_NOT_FOUND: 'CHANNEL_NOT_FOUND',
  // The timer service's refusals about messaging actions (SPEC M1–M7), passed on as it gives them.
  /** A messaging action's filter is wrong; `details` lists every error as { path, code, message }. */
  MESSAGING_ACTION_INVALID: 'MESSAGING_ACTION_INVALID',
  MESSAGING_ACTION_NOT_FOUND: 'MESSAGING_ACTION_NOT_FOUND',
  MESSAGING_ACTION_NAME_TAKEN: 'MESSAGING_ACTION_NAME_TAKEN',
  /** SPEC M5: no prompt with this id for the asking agent (someone else's are not told apart). */
  PROMPT_NOT_FOUND: 'PROMPT_NOT_FOUND',
  // The agent workspace at /app/ (not part of the API, so not in the OpenAPI document).
  /** WEB_APP_DIR holds no index.html: apps/web has not been built. */
  WEB_APP_NOT_BUILT: 'WEB_APP_NOT_BUILT',
  /** A file of the web app that does not exist (a stale hashed asset, or a path leaving the directory). */
  WEB_APP_FILE_NOT_FOUND: 'WEB_APP_FILE_NOT_FOUND',
} as const;
