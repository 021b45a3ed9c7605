import type { CompanyNumber } from './company-numbers';

/** The demo company numbers of docs/first-conversation.md (sms-gateway's seed owns them there). */
export const DEMO_SUPPORT: CompanyNumber = { address: '+15550100001', label: 'Support' };
export const DEMO_BILLING: CompanyNumber = { address: '+15550100002', label: 'Billing' };

/**
 * Who may start conversations from which number (docs/agent-initiated.md): alice only from
 * Support, so it is pre-filled for her; bob from both; maria (manager) and admin from both.
 */
export const DEMO_AGENT_COMPANY_NUMBERS: Readonly<Record<string, readonly CompanyNumber[]>> = {
  alice: [DEMO_SUPPORT],
  bob: [DEMO_SUPPORT, DEMO_BILLING],
  maria: [DEMO_SUPPORT, DEMO_BILLING],
  admin: [DEMO_SUPPORT, DEMO_BILLING],
};
