// The demo data every e2e spec runs against: what the seed commands write (services/*/src/seed.ts,
// docs/first-conversation.md), what the demo company-number settings say, and the provider
// simulator's defaults. Restated here, not imported, so a spec notices when any of it changes;
// only Billing's virtual agent, a whole menu tree, is read from the settings file the system runs with.
import { readFileSync } from 'node:fs';
import { DEMO_COMPANY_NUMBERS_FILE } from '@threadline/testkit';

/** The Support company number (sms-gateway's seed): greets, then goes straight to agents. */
export const SUPPORT = '+15550100001';
/** The Billing company number (sms-gateway's seed): starts with the built-in virtual agent. */
export const BILLING = '+15550100002';
/** The Orders company number (sms-gateway's seed): at the simulator's Telnyx account, straight to agents. */
export const ORDERS = '+15550100003';

/** The password of every demo agent (agent-gateway's seed). */
export const PASSWORD = 'threadline-demo';

/**
 * The demo agents (agent-gateway's `DEMO_AGENTS`), by username. alice may start conversations
 * from Support only, bob, maria and admin from both numbers (`DEMO_AGENT_COMPANY_NUMBERS`).
 */
export const AGENTS = {
  alice: { id: '01970000-0000-7000-8000-00000000a001', displayName: 'Alice', role: 'agent' },
  bob: { id: '01970000-0000-7000-8000-00000000a002', displayName: 'Bob', role: 'agent' },
  maria: { id: '01970000-0000-7000-8000-00000000a003', displayName: 'Maria', role: 'manager' },
  admin: { id: '01970000-0000-7000-8000-00000000a004', displayName: 'Admin', role: 'admin' },
} as const;
export type AgentName = keyof typeof AGENTS;

// The demo directory users (profile's seed, `DEMO_USERS`): the people a requester's number may be.
/** Ada Lovelace: a known requester (P1). */
export const ADA = {
  id: '01970000-0000-7000-8000-00000000b001',
  phone: '+15551230001',
  name: 'Ada Lovelace',
};
/** Grace Hopper: a second known requester, and the user a number is moved to (P5, A4). */
export const GRACE = {
  id: '01970000-0000-7000-8000-00000000b002',
  phone: '+15551230002',
  name: 'Grace Hopper',
};
/** Alan Turing: the third demo user. */
export const ALAN = {
  id: '01970000-0000-7000-8000-00000000b003',
  phone: '+15551230003',
  name: 'Alan Turing',
};

/** The guest user (profile's first migration): the requester of a number no directory user has (P3). */
export const GUEST_USER_ID = '01970000-0000-7000-8000-000000000001';

/** What Support texts a new requester first (interaction's demo-company-numbers.json, SPEC S1). */
export const SUPPORT_GREETING = 'Thanks for texting Threadline Support. An agent will reply here shortly.';
/** S2: what Support confirms an opt-out and an opt-in with (the default texts, naming the company). */
export const SUPPORT_OPT_OUT_CONFIRMATION =
  'Threadline Support: You are unsubscribed and will receive no more messages from Threadline Support. Reply START to resubscribe.';
export const SUPPORT_OPT_IN_CONFIRMATION =
  'Threadline Support: You are subscribed again to messages from Threadline Support. Reply STOP to unsubscribe.';
/** S1: the agents-only note of a conversation waiting for an agent (interaction's WAITING_IN_QUEUE_NOTE). */
export const QUEUE_NOTE = 'Waiting in the queue for an agent.';
/** S1: the agents-only note an assignment leaves in the transcript. */
export const JOINED_NOTE = 'An agent joined the conversation.';

/** The provider simulator's Twilio account SID, which sms-gateway expects by default. */
export const SIMULATOR_ACCOUNT_SID = 'AC00000000000000000000000000000001';
/** The provider simulator's auth token: the key of the webhook signatures. */
export const SIMULATOR_AUTH_TOKEN = 'threadline-simulator-token';

/** A topic of a virtual agent's menu: answered at once, or a menu of its own (`choices`). */
export interface VirtualAgentTopic {
  title: string;
  answer?: string;
  menuPrompt?: string;
  choices?: Array<{ title: string; answer: string }>;
}
export interface VirtualAgentSettings {
  greeting: string;
  menuPrompt: string;
  handoffMessage: string;
  topics: VirtualAgentTopic[];
}

/** Billing's virtual agent, as the demo settings the system runs with define it (docs/virtual-agent.md). */
export const BILLING_VIRTUAL_AGENT: VirtualAgentSettings = (
  JSON.parse(readFileSync(DEMO_COMPANY_NUMBERS_FILE, 'utf8')) as {
    numbers: Record<string, { virtualAgent: VirtualAgentSettings | null }>;
  }
).numbers[BILLING]!.virtualAgent!;
