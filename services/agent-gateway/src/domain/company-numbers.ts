import type { AgentRole } from './agent';

/** A company number an agent may start SMS conversations from. */
export interface CompanyNumber {
  /** E.164. */
  address: string;
  /** What agents call it ("Support"). */
  label: string;
}

/** Roles that may start conversations from every number listed for anyone. */
export const EVERY_NUMBER_ROLES: readonly AgentRole[] = ['manager', 'admin'];

export function usesEveryCompanyNumber(role: AgentRole): boolean {
  return EVERY_NUMBER_ROLES.includes(role);
}

/**
 * The numbers offered to an agent, and the one pre-filled: SPEC "Agent-initiated
 * conversations" pre-fills the company number only when exactly one is allowed.
 */
export function companyNumberChoice(numbers: readonly CompanyNumber[]): {
  items: CompanyNumber[];
  default: string | null;
} {
  return { items: [...numbers], default: numbers.length === 1 ? numbers[0]!.address : null };
}
