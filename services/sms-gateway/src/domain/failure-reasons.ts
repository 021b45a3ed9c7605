import type { DeliveryFailureReason } from '@threadline/contracts';

/**
 * SPEC S3: the stable reason agents (and the opt-out rules) see for a provider's error code.
 * Only codes whose meaning the providers document are listed; any other code is UNKNOWN, and
 * the code itself still travels beside the reason.
 */
const TWILIO: Readonly<Record<string, DeliveryFailureReason>> = {
  '21211': 'INVALID_NUMBER', // invalid 'To' number
  '21408': 'BLOCKED', // sending to this region is not enabled on the account
  '21610': 'RECIPIENT_OPTED_OUT', // the recipient replied STOP
  '21612': 'LANDLINE_OR_UNSUPPORTED', // this To/From pair cannot carry the message
  '21614': 'LANDLINE_OR_UNSUPPORTED', // 'To' is not a mobile number
  '30003': 'UNREACHABLE', // handset off or out of coverage
  '30004': 'BLOCKED', // blocked by the recipient or their carrier
  '30005': 'INVALID_NUMBER', // unknown or no longer active destination
  '30006': 'LANDLINE_OR_UNSUPPORTED', // landline or unreachable carrier
  '30007': 'CARRIER_FILTERED', // filtered as spam by the carrier
  '30008': 'UNKNOWN', // the carrier gave no reason
  '30032': 'BLOCKED', // toll-free number not verified
  '30034': 'BLOCKED', // US A2P 10DLC: number not registered to a campaign
};

const TELNYX: Readonly<Record<string, DeliveryFailureReason>> = {
  '10002': 'INVALID_NUMBER', // invalid phone number
  '10016': 'INVALID_NUMBER', // not in +E.164 form
  '40001': 'LANDLINE_OR_UNSUPPORTED', // not routable: landline or non-routable number
  '40002': 'CARRIER_FILTERED', // blocked as spam (temporary)
  '40003': 'CARRIER_FILTERED', // blocked as spam (permanent)
  '40004': 'BLOCKED', // rejected by the destination carrier
  '40005': 'UNREACHABLE', // expired before delivery
  '40006': 'UNREACHABLE', // recipient's carrier unavailable
  '40008': 'UNREACHABLE', // undeliverable
  '40300': 'RECIPIENT_OPTED_OUT', // blocked due to a STOP message
};

/** Telnyx's block rules share the 403xx family; only 40300 says the recipient opted out. */
const TELNYX_BLOCK_FAMILY = /^403\d\d$/;

/** Codes the gateway makes itself (twilio.provider.ts, sms-gateway's own refusals). */
const OURS: Readonly<Record<string, DeliveryFailureReason>> = {
  PROVIDER_UNAVAILABLE: 'PROVIDER_UNAVAILABLE',
  HTTP_429: 'PROVIDER_UNAVAILABLE',
};

export function failureReasonOf(provider: string, errorCode: string | null): DeliveryFailureReason | null {
  if (errorCode === null) return null;
  const own = OURS[errorCode] ?? (/^HTTP_5\d\d$/.test(errorCode) ? 'PROVIDER_UNAVAILABLE' : undefined);
  if (own) return own;
  if (provider === 'twilio') return TWILIO[errorCode] ?? 'UNKNOWN';
  if (provider === 'telnyx')
    return TELNYX[errorCode] ?? (TELNYX_BLOCK_FAMILY.test(errorCode) ? 'BLOCKED' : 'UNKNOWN');
  return 'UNKNOWN';
}
