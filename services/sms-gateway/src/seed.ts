import { seedFromCommandLine } from '@threadline/platform';
import type { EntityManager } from 'typeorm';
import { type CompanyNumber, CompanyNumberRepository } from './infra/persistence/company-number.repository';
import { TELNYX } from './infra/providers/telnyx.provider';
import { TWILIO } from './infra/providers/twilio.provider';
import { smsGatewayService } from './sms-gateway.service';

/**
 * The demo company numbers (docs/first-conversation.md): Support and Billing at the simulator's
 * Twilio account, Orders at its Telnyx account (docs/providers.md).
 */
export const DEMO_COMPANY_NUMBERS: CompanyNumber[] = [
  { address: '+15550100001', provider: TWILIO, label: 'Support', active: true, numberType: 'long_code' },
  { address: '+15550100002', provider: TWILIO, label: 'Billing', active: true, numberType: 'long_code' },
  { address: '+15550100003', provider: TELNYX, label: 'Orders', active: true, numberType: 'long_code' },
];

export async function seedCompanyNumbers(manager: EntityManager): Promise<string> {
  const numbers = new CompanyNumberRepository(manager);
  for (const number of DEMO_COMPANY_NUMBERS) await numbers.upsert(number);
  return `${DEMO_COMPANY_NUMBERS.length} demo company numbers`;
}

if (require.main === module) void seedFromCommandLine(smsGatewayService, seedCompanyNumbers);
