import { schemas } from '@threadline/contracts';
import type { z } from 'zod';

export type InteractionState = z.infer<typeof schemas.interactionState>;

export const INTERACTION_STATES: readonly InteractionState[] = schemas.interactionState.options;

export const FINAL_STATES: readonly InteractionState[] = ['closed_complete', 'closed_abandoned'];

/** Final ("completed") interactions are no longer the active interaction of their phone pair. */
export function isFinal(state: InteractionState): boolean {
  return FINAL_STATES.includes(state);
}

/**
 * Whether an interaction in this state uses its agent's capacity (SPEC W4: `new` and
 * `work_in_progress` count, `on_hold` does not). `wrap_up` counts: the agent is still doing the
 * conversation's after-work, and freeing the capacity would offer them new work during it.
 */
export function countsAgainstCapacity(state: InteractionState): boolean {
  return state === 'new' || state === 'work_in_progress' || state === 'wrap_up';
}
