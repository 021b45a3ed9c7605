import type { PayloadOf } from '@threadline/contracts';
import { v7 as uuidv7 } from 'uuid';

let lastSequence = 0;

/**
 * An inbound SMS as the gateway announces it, with fresh ids and a sequence that grows with
 * every call (the gateway's acceptance order), so tests can tell messages and their order apart.
 */
export function inboundSms(
  overrides: Partial<PayloadOf<'sms.inbound.received.v1'>> = {},
): PayloadOf<'sms.inbound.received.v1'> {
  return {
    messageId: uuidv7(),
    provider: 'twilio',
    providerMessageId: `SM${uuidv7().replace(/-/g, '')}`,
    from: '+15557000001',
    to: '+15550100001',
    body: 'hello',
    media: [],
    receivedAt: new Date().toISOString(),
    sequence: ++lastSequence,
    ...overrides,
  };
}

/**
 * Phone numbers one after another, so each test can have requesters nobody else used: `prefix`
 * and a four-digit counter from `first` (`phoneNumbers('+1555700')()` is `+15557000001`).
 */
export function phoneNumbers(prefix: string, first = 1): () => string {
  let next = first;
  return () => `${prefix}${String(next++).padStart(4, '0')}`;
}
