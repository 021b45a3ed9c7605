export type ContractErrorCode =
  | 'ENVELOPE_INVALID'
  | 'UNKNOWN_MESSAGE_TYPE'
  | 'UNSUPPORTED_VERSION'
  | 'SUBJECT_MISMATCH'
  | 'PAYLOAD_INVALID';

/**
 * A message that does not match its contract. It is never worth retrying: consumers
 * dead-letter it at once, producers refuse to emit it.
 */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  constructor(
    readonly code: ContractErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
