/** The body of every Twilio REST API error. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export class TwilioApiError extends Error {
  override readonly name = 'TwilioApiError';
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  toBody(): TwilioErrorBody {
    return {
      code: this.code,
      message: this.message,
      more_info: `https://www.twilio.com/docs/errors/${this.code}`,
      status: this.status,
    };
  }
}

export const twilioErrors = {
  authenticate: () => new TwilioApiError(401, 20003, 'Authenticate'),
  notFound: (path: string) => new TwilioApiError(404, 20404, `The requested resource ${path} was not found`),
  toMissing: () => new TwilioApiError(400, 21604, "A 'To' phone number is required."),
  toInvalid: (to: string) => new TwilioApiError(400, 21211, `Invalid 'To' Phone Number: ${to}`),
  fromMissing: () => new TwilioApiError(400, 21603, "A 'From' phone number is required."),
  fromInvalid: (from: string) => new TwilioApiError(400, 21212, `Invalid From Number (caller ID): ${from}`),
  bodyMissing: () => new TwilioApiError(400, 21602, 'Message body is required.'),
  bodyTooLong: () =>
    new TwilioApiError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.'),
  statusCallbackInvalid: () => new TwilioApiError(400, 21609, 'Invalid StatusCallback url'),
  invalidParameter: (name: string) => new TwilioApiError(400, 20001, `Invalid value for ${name}`),
  internal: () => new TwilioApiError(500, 20500, 'Internal Server Error'),
  serverError: (status: number) => new TwilioApiError(status, 20500, 'Internal Server Error'),
};
