import { z } from 'zod';
import { id, interactionState, isoTime } from './common';

export const timerActionFired = z.object({
  timerId: id,
  interactionId: id,
  actionId: id,
  action: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('prompt_agent'), text: z.string() }),
    z.object({ kind: z.literal('prompt_requester'), text: z.string() }),
    z.object({ kind: z.literal('reassign') }),
    z.object({ kind: z.literal('set_state'), state: interactionState }),
  ]),
  deadline: isoTime,
  firedAt: isoTime,
});
