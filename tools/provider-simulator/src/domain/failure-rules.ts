import { isE164 } from './phone-number';

export const FAILURE_STATUSES = ['undelivered', 'failed'] as const;
export type FailureStatus = (typeof FAILURE_STATUSES)[number];

/** Messages to `phone` end in `status` with Twilio error `errorCode` (e.g. 30003, 30005). */
export interface FailureRule {
  phone: string;
  status: FailureStatus;
  errorCode: number;
}

export function isFailureStatus(value: string): value is FailureStatus {
  return (FAILURE_STATUSES as readonly string[]).includes(value);
}

/**
 * Parses SIM_FAILING_NUMBERS: comma-separated `phone:status:errorCode` entries, for example
 * `+15550009999:undelivered:30003,+15550008888:failed:30005`. Throws naming the position of
 * the first bad entry, so a typo fails the boot instead of silently delivering.
 */
export function parseFailureRules(text: string): FailureRule[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries.map((entry, index) => {
    const [phone = '', status = '', code = '', ...rest] = entry.split(':').map((part) => part.trim());
    const errorCode = Number(code);
    if (rest.length > 0 || !isE164(phone) || !isFailureStatus(status) || !isTwilioErrorCode(code)) {
      throw new Error(
        `entry ${index + 1} must look like +15550009999:undelivered:30003 ` +
          `(an E.164 number, ${FAILURE_STATUSES.join(' or ')}, a numeric error code)`,
      );
    }
    return { phone, status, errorCode };
  });
}

function isTwilioErrorCode(code: string): boolean {
  return /^[1-9]\d{0,5}$/.test(code);
}
