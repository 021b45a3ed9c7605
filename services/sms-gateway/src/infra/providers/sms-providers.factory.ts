import type { FactoryProvider } from '@nestjs/common';
import { CONFIG } from '@threadline/platform';
import type { SmsGatewayConfig } from '../../config';
import { statusCallbackUrl, telnyxWebhookUrl } from '../http/webhook-routes';
import { SMS_PROVIDERS, SmsProviders } from './sms-provider';
import { TelnyxProvider } from './telnyx.provider';
import { TwilioProvider } from './twilio.provider';

/**
 * The provider accounts of SMS_PROVIDERS, Twilio and Telnyx by default (or the simulator, which
 * speaks both APIs), each configured from the environment.
 */
export const smsProvidersFactory: FactoryProvider<SmsProviders> = {
  provide: SMS_PROVIDERS,
  inject: [CONFIG],
  useFactory: (config: SmsGatewayConfig) =>
    new SmsProviders(config.SMS_PROVIDERS.map((key) => (key === 'twilio' ? twilio(config) : telnyx(config)))),
};

function twilio(config: SmsGatewayConfig): TwilioProvider {
  return new TwilioProvider({
    accountSid: config.TWILIO_ACCOUNT_SID,
    authToken: config.TWILIO_AUTH_TOKEN,
    apiBaseUrl: config.TWILIO_API_BASE_URL,
    statusCallbackUrl: (outboundId) => statusCallbackUrl(config.SMS_PUBLIC_BASE_URL, outboundId),
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
  });
}

function telnyx(config: SmsGatewayConfig): TelnyxProvider {
  return new TelnyxProvider({
    apiKey: config.TELNYX_API_KEY,
    apiBaseUrl: config.TELNYX_API_BASE_URL,
    messagingProfileId: config.TELNYX_MESSAGING_PROFILE_ID ?? null,
    webhookUrl: (outboundId) => telnyxWebhookUrl(config.SMS_PUBLIC_BASE_URL, outboundId),
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
  });
}
