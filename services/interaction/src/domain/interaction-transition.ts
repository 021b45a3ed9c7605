import { schemas } from '@threadline/contracts';
import type { z } from 'zod';
import { type InteractionState, isFinal } from './interaction-state';

/** The value of `cause` on `interaction.conversation.state-changed.v1`. */
export type StateChangeCause = z.infer<typeof schemas.interactionStateChangeCause>;

export const STATE_CHANGE_CAUSES: readonly StateChangeCause[] = schemas.interactionStateChangeCause.options;

export const TRANSITION_ERROR_CODES = {
  /** The interaction is in a final state; only a reopen applies (HTTP 409). */
  INTERACTION_CLOSED: 'INTERACTION_CLOSED',
  /** The event is not possible in the current state (HTTP 409). */
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  /** An agent acted on a conversation assigned to someone else; a manager or admin could (HTTP 403). */
  NOT_ASSIGNEE: 'NOT_ASSIGNEE',
  /** This kind of actor, or this role, never causes this event (HTTP 403). */
  ACTOR_NOT_ALLOWED: 'ACTOR_NOT_ALLOWED',
  /** `set_state` named a state a messaging action may not set (HTTP 422). */
  INVALID_TARGET_STATE: 'INVALID_TARGET_STATE',
  /** The reopen window is 0: closed interactions are never reopened (HTTP 409). */
  REOPEN_DISABLED: 'REOPEN_DISABLED',
  /** The interaction closed a reopen window ago or longer (HTTP 409). */
  REOPEN_WINDOW_PASSED: 'REOPEN_WINDOW_PASSED',
} as const;

export type TransitionErrorCode = (typeof TRANSITION_ERROR_CODES)[keyof typeof TRANSITION_ERROR_CODES];

export type AgentRole = 'agent' | 'manager' | 'admin';

export interface AgentActor {
  kind: 'agent';
  id: string;
  role: AgentRole;
  /** Whether this agent is the interaction's assignee. Being a participant (A2) is not enough. */
  isAssignee: boolean;
}

export type Actor =
  | AgentActor
  | { kind: 'requester'; id: string | null }
  | { kind: 'virtual_agent'; id: string | null }
  | { kind: 'system'; id: null };

export type EndOutcome = 'complete' | 'abandoned';

export type TransitionEvent =
  /** Routing assigned the interaction (W6, W7), or an agent started it for themselves (A1). */
  | { type: 'assign'; agentId: string }
  /** The virtual agent hands the conversation to routing. */
  | { type: 'handoff' }
  | { type: 'hold' }
  | { type: 'resume' }
  | { type: 'end'; outcome: EndOutcome }
  /** `pendingOutcome` is what `end` returned when it moved the interaction to `wrap_up`. */
  | { type: 'complete_wrap_up'; pendingOutcome: EndOutcome }
  /** R4: `toPreviousAgent` when the agent who had it is available, else it is routed again. */
  | { type: 'reopen'; closedAt: Date; toPreviousAgent: boolean }
  /** A messaging action's "Set state" (M5). */
  | { type: 'set_state'; to: InteractionState }
  /** Clear the assignee and route again (M5 "Reassign", a manager, or routing: W9 on unavailability). */
  | { type: 'reassign' }
  /** SPEC W10: the assignee (or a manager) sends it to another queue or agent; routing offers it anew. */
  | { type: 'transfer' };

export type TransitionEventType = TransitionEvent['type'];

export const TRANSITION_EVENT_TYPES: readonly TransitionEventType[] = [
  'assign',
  'handoff',
  'hold',
  'resume',
  'end',
  'complete_wrap_up',
  'reopen',
  'set_state',
  'reassign',
  'transfer',
];

export interface TransitionOptions {
  wrapUpEnabled: boolean;
  /** SPEC R4; 0 turns reopening off. */
  reopenWindowMs: number;
  now: Date;
}

/** The settings as shipped: wrap-up off, reopen window 0 (R4). */
export const LIFECYCLE_DEFAULTS = { wrapUpEnabled: false, reopenWindowMs: 0 } as const;

export type AssigneeChange = { kind: 'keep' } | { kind: 'clear' } | { kind: 'set'; agentId: string };

export interface TransitionAccepted {
  ok: true;
  /** May equal the current state (a handoff leaves `new` as it is); the cause is still recorded. */
  to: InteractionState;
  cause: StateChangeCause;
  assignee: AssigneeChange;
  /** Set exactly when `to` is `wrap_up`: the caller stores it for `complete_wrap_up`. */
  pendingOutcome: EndOutcome | null;
}

export interface TransitionRefused {
  ok: false;
  code: TransitionErrorCode;
  message: string;
}

export type TransitionResult = TransitionAccepted | TransitionRefused;

/** The states each event may start from; everything else is refused before the actor is considered. */
const LEGAL_FROM: Record<TransitionEventType, readonly InteractionState[]> = {
  assign: ['new'],
  handoff: ['new'],
  hold: ['work_in_progress'],
  resume: ['on_hold'],
  end: ['new', 'on_hold', 'work_in_progress'],
  complete_wrap_up: ['wrap_up'],
  reopen: ['closed_complete', 'closed_abandoned'],
  set_state: ['new', 'on_hold', 'work_in_progress', 'wrap_up'],
  reassign: ['on_hold', 'work_in_progress'],
  transfer: ['on_hold', 'work_in_progress'],
};

const KEEP: AssigneeChange = { kind: 'keep' };
const CLEAR: AssigneeChange = { kind: 'clear' };

function refuse(code: TransitionErrorCode, message: string): TransitionRefused {
  return { ok: false, code, message };
}

function accept(
  to: InteractionState,
  cause: StateChangeCause,
  assignee: AssigneeChange = KEEP,
): TransitionAccepted {
  return { ok: true, to, cause, assignee, pendingOutcome: null };
}

function closedState(outcome: EndOutcome): InteractionState {
  return outcome === 'complete' ? 'closed_complete' : 'closed_abandoned';
}

function isManager(actor: AgentActor): boolean {
  return actor.role === 'manager' || actor.role === 'admin';
}

function notAllowed(actor: Actor, event: TransitionEventType): TransitionRefused {
  const who = actor.kind === 'agent' ? `an agent with role ${actor.role}` : `a ${actor.kind} actor`;
  return refuse('ACTOR_NOT_ALLOWED', `${who} cannot ${event} an interaction`);
}

/** I5: the assignee acts on their own conversation; a manager or admin on anyone's. */
function refuseUnlessAssigneeOrManager(actor: Actor, event: TransitionEventType): TransitionRefused | null {
  if (actor.kind !== 'agent') return notAllowed(actor, event);
  if (actor.isAssignee || isManager(actor)) return null;
  return refuse('NOT_ASSIGNEE', `only the assignee or a manager can ${event} this interaction`);
}

/**
 * The interaction state machine: what `event` by `actor` does to an interaction in `state`.
 * Pure; the caller loads the interaction, applies the result and publishes the state change.
 *
 * Checks run in a fixed order, so a refusal's code does not depend on who asked:
 * a final state (INTERACTION_CLOSED), then the state (INVALID_TRANSITION), then the actor,
 * then the event's own data (target state, reopen window).
 */
export function transition(
  state: InteractionState,
  event: TransitionEvent,
  actor: Actor,
  options: TransitionOptions,
): TransitionResult {
  if (isFinal(state) && event.type !== 'reopen') {
    return refuse('INTERACTION_CLOSED', `the interaction is ${state}; ${event.type} is not possible`);
  }
  if (!LEGAL_FROM[event.type].includes(state)) {
    return refuse('INVALID_TRANSITION', `${event.type} is not possible from ${state}`);
  }

  switch (event.type) {
    case 'assign': {
      const set: AssigneeChange = { kind: 'set', agentId: event.agentId };
      if (actor.kind === 'system') return accept('work_in_progress', 'routing_assigned', set);
      if (actor.kind === 'agent' && actor.id === event.agentId) {
        return accept('work_in_progress', 'agent_initiated', set);
      }
      // Assigning someone else is routing's decision, not an agent's.
      return notAllowed(actor, event.type);
    }

    case 'handoff':
      if (actor.kind !== 'virtual_agent') return notAllowed(actor, event.type);
      return accept('new', 'va_handoff', CLEAR);

    case 'hold':
      return refuseUnlessAssigneeOrManager(actor, event.type) ?? accept('on_hold', 'agent_hold');

    case 'resume':
      return refuseUnlessAssigneeOrManager(actor, event.type) ?? accept('work_in_progress', 'agent_resume');

    case 'end': {
      const closed = closedState(event.outcome);
      // Wrap-up is an agent's after-work; ends by the virtual agent or the system close at once.
      if (actor.kind === 'virtual_agent') {
        if (state !== 'new') {
          return refuse('ACTOR_NOT_ALLOWED', 'the virtual agent cannot end a conversation an agent has');
        }
        return accept(closed, 'va_ended');
      }
      if (actor.kind === 'system') return accept(closed, 'system_ended');
      const refused = refuseUnlessAssigneeOrManager(actor, event.type);
      if (refused) return refused;
      const cause = actor.kind === 'agent' && !actor.isAssignee ? 'manager_ended' : 'agent_ended';
      if (!options.wrapUpEnabled) return accept(closed, cause);
      return { ...accept('wrap_up', cause), pendingOutcome: event.outcome };
    }

    case 'complete_wrap_up':
      return (
        refuseUnlessAssigneeOrManager(actor, event.type) ??
        accept(closedState(event.pendingOutcome), 'wrap_up_completed')
      );

    case 'reopen': {
      if (actor.kind !== 'requester') return notAllowed(actor, event.type);
      if (options.reopenWindowMs <= 0) {
        return refuse('REOPEN_DISABLED', 'reopening closed interactions is turned off');
      }
      // R4: "closed less than a reopen window ago"; a clock behind closedAt counts as inside.
      if (options.now.getTime() - event.closedAt.getTime() >= options.reopenWindowMs) {
        return refuse(
          'REOPEN_WINDOW_PASSED',
          `the interaction closed ${options.reopenWindowMs} ms ago or more`,
        );
      }
      return event.toPreviousAgent
        ? accept('work_in_progress', 'requester_reopened')
        : accept('new', 'requester_reopened', CLEAR);
    }

    case 'set_state':
      if (actor.kind !== 'system') return notAllowed(actor, event.type);
      // A messaging action ends a conversation without wrap-up: nobody is there to do it.
      if (!isFinal(event.to)) {
        return refuse(
          'INVALID_TARGET_STATE',
          `a messaging action cannot set ${event.to}, only a final state`,
        );
      }
      return accept(event.to, 'messaging_action');

    case 'reassign':
      if (actor.kind === 'system' || (actor.kind === 'agent' && isManager(actor))) {
        return accept('new', 'reassigned', CLEAR);
      }
      return notAllowed(actor, event.type);

    case 'transfer':
      // Only an agent decides where a conversation goes next; routing treats it as a new offer.
      return refuseUnlessAssigneeOrManager(actor, event.type) ?? accept('new', 'transferred', CLEAR);
  }
}
