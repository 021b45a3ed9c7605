import { streams } from '@threadline/contracts';
import { platformConfigSchema, portFromEnv, type ServiceDefinition } from '@threadline/platform';

export const smsGatewayServiceConfigSchema = platformConfigSchema.extend({
  HTTP_PORT: portFromEnv.default(3001),
});

/** Provider webhooks in, provider API out, opt-out keywords and delivery statuses. */
export const smsGatewayService: ServiceDefinition = {
  name: 'sms-gateway',
  schema: 'sms_gateway',
  configSchema: smsGatewayServiceConfigSchema,
  streams: [streams.SMS],
  migrations: [],
  imports: [],
  openApi: {
    title: 'Threadline SMS gateway',
    description: 'Provider webhooks in, provider API out, opt-out keywords and delivery statuses.',
  },
};
