import type { CompanyNumber } from './company-numbers';

/** The demo company numbers of docs/first-conversation.md (sms-gateway's seed owns them there). */
export const DEMO_SUPPORT: CompanyNumber = { address: '+15550100001', label: 'Support' };
export const DEMO_BILLING: CompanyNumber = { address: '+15550100002', label: 'Billing' };
/** At the simulator's Telnyx account (docs/providers.md). */
export const DEMO_ORDERS: CompanyNumber = { address: '+15550100003', label: 'Orders' };

/**
 * Who may start conversations from which number (docs/agent-initiated.md): alice only from
 * Support, so it is pre-filled for her; bob, maria (manager) and admin from every number.
 */
export const DEMO_AGENT_COMPANY_NUMBERS: Readonly<Record<string, readonly CompanyNumber[]>> = {
  alice: [DEMO_SUPPORT],
  bob: [DEMO_SUPPORT, DEMO_BILLING, DEMO_ORDERS],
  maria: [DEMO_SUPPORT, DEMO_BILLING, DEMO_ORDERS],
  admin: [DEMO_SUPPORT, DEMO_BILLING, DEMO_ORDERS],
};
