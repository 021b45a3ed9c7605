// What the run records from the outside (the load) and reads from the services' tables (the
// checker's rows). Plain data: the checks in checks.ts are functions over these.

/** An inbound SMS whose webhook the gateway answered 200. */
export interface AcceptedInbound {
  providerMessageId: string;
  requester: string;
  company: string;
  body: string;
  /** STOP or START: kept in a transcript only when the pair has a conversation open. */
  keyword: boolean;
  /** Its place among the pair's accepted messages; the driver sends one at a time per pair. */
  indexInPair: number;
  attempts: number;
  /** When the gateway answered 200, from the start of the load: to line a loss up with the faults. */
  acceptedAtMs: number;
}

/** An inbound SMS the driver stopped retrying before the gateway answered 200. */
export interface AbandonedInbound {
  providerMessageId: string;
  requester: string;
  company: string;
  lastAnswer: string;
  attempts: number;
}

/** An agent's reply the agent-gateway accepted (2xx). */
export interface AcceptedReply {
  clientMessageId: string;
  interactionId: string;
  requester: string;
  company: string;
  /** Carries a token unique to the reply, so the phone's inbox can be matched against it. */
  body: string;
}

/** sms-gateway's record of one accepted inbound message, joined to interaction's transcript. */
export interface InboundRow {
  providerMessageId: string;
  /** sms-gateway's sequence: the order it accepted messages in. */
  gatewaySequence: number;
  /** Null when the message is in no transcript. */
  interactionId: string | null;
  occurredAt: string | null;
}

/** An agent's message as interaction recorded it, with the delivery status it learnt. */
export interface ReplyRow {
  body: string;
  deliveryStatus: string | null;
  failureReason: string | null;
}

export interface TimerFiringRow {
  timerId: string;
  /** How many `timer.action.fired.v1` events the timer service wrote for it. */
  firedEvents: number;
}

export interface ActiveInteractionRow {
  interactionId: string;
  requester: string;
  company: string;
  state: string;
}

export interface AgentLoadRow {
  agentId: string;
  capacity: number | null;
  /** What routing counts against capacity: offered or assigned, not on hold, by size. */
  load: number;
  at: string;
}

export interface DeadLetterRow {
  service: string;
  consumer: string;
  subject: string;
  reason: string;
  errorCode: string;
}

export interface RejectedRow {
  providerMessageId: string;
  code: string;
  reason: string;
}
