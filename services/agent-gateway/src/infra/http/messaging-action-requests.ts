import { schemas } from '@threadline/contracts';
import { z } from 'zod';

/**
 * The bodies of the messaging actions admin API: the timer service's own request schemas, less
 * what the path says, and strict, so that a misspelt setting is refused instead of silently
 * ignored. Filters stay JSON here: the timer service validates them and says where each error is.
 */

/** POST /admin/messaging-actions: every setting, and the id the client chose (a retry finds the same action). */
export const createMessagingActionBody = schemas.createMessagingActionRequest.strict();

/** PATCH /admin/messaging-actions/{actionId}: the settings to change; `active: false` switches it off. */
export const updateMessagingActionBody = schemas.updateMessagingActionRequest.omit({ id: true }).strict();

/** GET /interactions/{id}/timers: `history=true` lists fired and disarmed timers too. */
export const interactionTimersQuery = z.strictObject({
  history: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((history) => history === 'true'),
});
