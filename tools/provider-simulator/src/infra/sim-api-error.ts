/** Stable error codes of the simulator API; tests may match on them. */
export const SimErrorCode = {
  PHONE_NUMBER_INVALID: 'PHONE_NUMBER_INVALID',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  MESSAGE_NOT_FOUND: 'MESSAGE_NOT_FOUND',
  MEDIA_NOT_FOUND: 'MEDIA_NOT_FOUND',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;
export type SimErrorCode = (typeof SimErrorCode)[keyof typeof SimErrorCode];

export interface SimErrorBody {
  error: { code: SimErrorCode; message: string; details?: unknown };
}

export class SimApiError extends Error {
  override readonly name = 'SimApiError';
  constructor(
    readonly status: number,
    readonly code: SimErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toBody(): SimErrorBody {
    const error: SimErrorBody['error'] = { code: this.code, message: this.message };
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}
