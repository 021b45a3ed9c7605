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
