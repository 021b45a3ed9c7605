import type { schemas } from '@threadline/contracts';
import type { z } from 'zod';

export type InteractionState = z.infer<typeof schemas.interactionState>;

export const FINAL_STATES: readonly InteractionState[] = ['closed_complete', 'closed_abandoned'];

/** Final ("completed") interactions are no longer the active interaction of their phone pair. */
export function isFinal(state: InteractionState): boolean {
  return FINAL_STATES.includes(state);
}

/**
 * The state an interaction takes when routing assigns it to an agent (SPEC W6: accepted →
 * `work_in_progress` with that assignee), or null when the assignment must be ignored
 * because the conversation already ended.
 */
export function stateAfterAssignment(state: InteractionState): InteractionState | null {
  return isFinal(state) ? null : 'work_in_progress';
}
