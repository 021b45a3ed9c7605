import { AppError } from '@threadline/platform';
import type { OptOutState } from '../infra/opt-out.repository';

/** SPEC S2: an agent's message to a requester who opted out; thrown so that nothing is written. */
export function optedOutError(optOut: OptOutState): AppError {
  const how = optOut.source === 'keyword' ? `by texting ${optOut.keyword}` : 'with the provider';
  return new AppError(
    'RECIPIENT_OPTED_OUT',
    409,
    `the requester opted out of messages from this number ${how} on ${optOut.changedAt}; nothing was sent`,
    { since: optOut.changedAt, source: optOut.source, keyword: optOut.keyword },
  );
}
