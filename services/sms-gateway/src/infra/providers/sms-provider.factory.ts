import type { FactoryProvider } from '@nestjs/common';
import { CONFIG } from '@threadline/platform';
import type { SmsGatewayConfig } from '../../config';
import { statusCallbackUrl } from '../http/webhook-routes';
import { SMS_PROVIDER, type SmsProvider } from './sms-provider';
import { TwilioProvider } from './twilio.provider';

/** Twilio (or the simulator, which speaks its API) as the gateway's provider. */
export const smsProviderFactory: FactoryProvider<SmsProvider> = {
  provide: SMS_PROVIDER,
  inject: [CONFIG],
  useFactory: (config: SmsGatewayConfig) =>
    new TwilioProvider({
      accountSid: config.TWILIO_ACCOUNT_SID,
      authToken: config.TWILIO_AUTH_TOKEN,
      apiBaseUrl: config.TWILIO_API_BASE_URL,
      statusCallbackUrl: (outboundId) => statusCallbackUrl(config.SMS_PUBLIC_BASE_URL, outboundId),
      timeoutMs: config.PROVIDER_TIMEOUT_MS,
    }),
};
