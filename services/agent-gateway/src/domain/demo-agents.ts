import type { AgentRole } from './agent';

/** The demo agents of docs/first-conversation.md; ids are fixed so every service can refer to them. */
export const DEMO_AGENTS: ReadonlyArray<{
  id: string;
  username: string;
  displayName: string;
  role: AgentRole;
}> = [
  { id: '01970000-0000-7000-8000-00000000a001', username: 'alice', displayName: 'Alice', role: 'agent' },
  { id: '01970000-0000-7000-8000-00000000a002', username: 'bob', displayName: 'Bob', role: 'agent' },
  { id: '01970000-0000-7000-8000-00000000a003', username: 'maria', displayName: 'Maria', role: 'manager' },
  { id: '01970000-0000-7000-8000-00000000a004', username: 'admin', displayName: 'Admin', role: 'admin' },
];

export const DEMO_PASSWORD = 'threadline-demo';
