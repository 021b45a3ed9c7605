import { z } from 'zod';
import { id, interactionState, isoTime } from './common';
import { messagingActionEffect, messagingActionEvent, messagingActionKind } from './timer';

/**
 * Messaging actions as admins define them (SPEC M1–M7), asked by agent-gateway and answered by the
 * timer service, which validates every field and owns the rows; and the timers of one
 * conversation, for agents and managers.
 */

/** At most thirty days: a conversation quiet for longer is long gone. */
export const MAX_ACTION_DURATION_SECONDS = 30 * 24 * 3600;

export const messagingActionSettings = z.object({
  name: z.string().trim().min(1).max(100),
  active: z.boolean(),
  event: messagingActionEvent,
  /** How long the silence lasts before the action fires, from the first unanswered message (M3). */
  durationSeconds: z.number().int().min(1).max(MAX_ACTION_DURATION_SECONDS),
  /**
   * The filter (the condition language over MESSAGING_ACTION_CONDITION_FIELDS), evaluated when the
   * timer falls due (M4); null matches every conversation. Validated by the timer service, which
   * answers every error with its path.
   */
  condition: z.unknown().nullable(),
  action: messagingActionEffect,
});

export const messagingAction = messagingActionSettings.extend({
  id,
  condition: z.unknown().nullable(),
  /** The filter in words, for lists. */
  conditionText: z.string().nullable(),
  /** One of the actions Threadline ships with (M7); it can be changed or switched off like any other. */
  builtIn: z.boolean(),
  /** Timers of this action armed now. */
  armedTimers: z.number().int().nonnegative(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const listMessagingActionsRequest = z.object({});
export const listMessagingActionsResponse = z.object({ actions: z.array(messagingAction) });
export const createMessagingActionRequest = messagingActionSettings.extend({
  /** Chosen by the caller: creating again with the same id answers the action already made. */
  id,
});
export const updateMessagingActionRequest = messagingActionSettings.partial().extend({ id });
export const messagingActionResponse = messagingAction;
export const deleteMessagingActionRequest = z.object({ id });
export const deleteMessagingActionResponse = z.object({
  id,
  /** Its timers that were armed, disarmed with it. */
  disarmedTimers: z.number().int().nonnegative(),
});

/** What became of a timer; `armed` until it falls due or its conversation moves on. */
export const timerState = z.enum(['armed', 'fired', 'disarmed']);

/** Why a fired timer did (or did not) run its action. */
export const timerOutcome = z.enum([
  /** The filter matched: the action was handed to the service that carries it out. */
  'ran',
  /** The filter did not match the conversation as it was (M4). */
  'filtered_out',
  /** The conversation had ended. */
  'interaction_closed',
  /** The conversation's owner does not know it. */
  'interaction_unknown',
  /** A prompt for the agent, and nobody held the conversation. */
  'no_assignee',
  /** The action was switched off or deleted after the timer was armed. */
  'action_inactive',
  /** Firing failed at every attempt (the conversation's owner never answered); given up. */
  'failed',
]);

export const interactionTimer = z.object({
  timerId: id,
  actionId: id,
  /** Null when the action was deleted since. */
  actionName: z.string().nullable(),
  event: messagingActionEvent.nullable(),
  kind: messagingActionKind.nullable(),
  state: timerState,
  /** The deadline (armed), or when it was due (fired, disarmed). */
  dueAt: isoTime,
  /** The message whose silence it counts. */
  armedByMessageId: id,
  armedAt: isoTime,
  firedAt: isoTime.nullable(),
  disarmedAt: isoTime.nullable(),
  outcome: timerOutcome.nullable(),
});

export const listInteractionTimersRequest = z.object({
  interactionId: id,
  /** Fired and disarmed timers too, newest first after the armed ones. */
  includeHistory: z.boolean().optional(),
});
export const listInteractionTimersResponse = z.object({ timers: z.array(interactionTimer) });

/**
 * What a messaging action's filter is evaluated against, asked from the interaction's owner when a
 * timer falls due (M4): values by MESSAGING_ACTION_CONDITION_FIELDS name (routing's queue aside).
 */
export const interactionFactsRequest = z.object({ interactionId: id });
export const interactionFactsResponse = z.object({
  found: z.boolean(),
  state: interactionState.nullable(),
  assigneeId: z.string().min(1).nullable(),
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

/** The routing queue of a conversation's latest work item (M4 filters on `queueId`). */
export const workItemOfInteractionRequest = z.object({ interactionId: id });
export const workItemOfInteractionResponse = z.object({
  workItem: z
    .object({
      workItemId: id,
      queueId: id,
      queueName: z.string(),
      agentId: z.string().nullable(),
      open: z.boolean(),
    })
    .nullable(),
});
