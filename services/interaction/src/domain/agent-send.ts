import { countSegments, type SmsEncoding } from '@threadline/contracts';
import { type InteractionState, isFinal } from './interaction-state';

export interface SendRefusal {
  code: 'INTERACTION_CLOSED' | 'NOT_ASSIGNEE';
  status: 409 | 403;
  message: string;
}

/** Whether `agentId` may send into an interaction in this state with this assignee. */
export function refuseAgentSend(
  interaction: { state: InteractionState; assigneeId: string | null },
  agentId: string,
): SendRefusal | null {
  if (isFinal(interaction.state)) {
    return { code: 'INTERACTION_CLOSED', status: 409, message: 'the interaction has ended' };
  }
  if (interaction.assigneeId !== agentId) {
    return { code: 'NOT_ASSIGNEE', status: 403, message: 'the interaction is not assigned to you' };
  }
  return null;
}

export interface SegmentRefusal {
  code: 'MESSAGE_TOO_MANY_SEGMENTS';
  status: 422;
  message: string;
  details: { segments: number; limit: number; encoding: SmsEncoding };
}

/** SPEC S4: an agent's text may take at most `limit` SMS segments, counted as the composer counts. */
export function refuseSegments(body: string, limit: number): SegmentRefusal | null {
  const { segments, encoding } = countSegments(body);
  if (segments <= limit) return null;
  return {
    code: 'MESSAGE_TOO_MANY_SEGMENTS',
    status: 422,
    message: `the message takes ${segments} SMS segments (${encoding}); at most ${limit} are sent`,
    details: { segments, limit, encoding },
  };
}
