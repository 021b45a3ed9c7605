import { streams } from '@threadline/contracts';
import { defineService } from '@threadline/platform';
import {
  DEVELOPMENT_DEFAULTS,
  REQUEST_BODY_LIMIT_BYTES,
  SECRET_CONFIG_KEYS,
  smsGatewayConfigShape,
} from './config';
import { SmsGatewayTables1764201600000 } from './migrations/1764201600000-SmsGatewayTables';
import { RejectedInboundMessages1795564800000 } from './migrations/1795564800000-RejectedInboundMessages';
import { KeepRepeatedFieldRejections1795651200000 } from './migrations/1795651200000-KeepRepeatedFieldRejections';
import { OutboundMessageSegments1796688000000 } from './migrations/1796688000000-OutboundMessageSegments';
import { CompanyNumberType1796774400000 } from './migrations/1796774400000-CompanyNumberType';
import { SmsGatewayModule } from './sms-gateway.module';

export const smsGatewayService = defineService({
  name: 'sms-gateway',
  defaultPort: 3001,
  streams: [streams.SMS],
  summary: 'Provider webhooks in, provider API out, opt-out keywords and delivery statuses.',
  // Webhooks need only Postgres: they commit to the outbox, which waits for NATS; sends wait
  // for Redis's rate schedule, and only Telnyx's replay check refuses without it (decision 47).
  readinessRequires: ['postgres'],
  config: smsGatewayConfigShape,
  developmentDefaults: DEVELOPMENT_DEFAULTS,
  secretKeys: SECRET_CONFIG_KEYS,
  migrations: [
    SmsGatewayTables1764201600000,
    RejectedInboundMessages1795564800000,
    KeepRepeatedFieldRejections1795651200000,
    OutboundMessageSegments1796688000000,
    CompanyNumberType1796774400000,
  ],
  imports: [SmsGatewayModule],
  bodyLimitBytes: REQUEST_BODY_LIMIT_BYTES,
});
