import { streams } from '@threadline/contracts';
import { defineService } from '@threadline/platform';

export const smsGatewayService = defineService({
  name: 'sms-gateway',
  defaultPort: 3001,
  streams: [streams.SMS],
  summary: 'Provider webhooks in, provider API out, opt-out keywords and delivery statuses.',
});
