import { AppError } from '@threadline/platform';
import type { SmsGatewayConfig, SmsProviderKey } from '../../config';
import { SmsGatewayErrorCodes } from '../../domain/error-codes';

/**
 * Refuses a webhook of a provider account this gateway does not run (SMS_PROVIDERS): its
 * signing key may still be the public development default, so nothing it signs is believed.
 */
export function refuseUnlessRun(config: SmsGatewayConfig, provider: SmsProviderKey): void {
  if (config.SMS_PROVIDERS.includes(provider)) return;
  throw new AppError(
    SmsGatewayErrorCodes.PROVIDER_NOT_CONFIGURED,
    404,
    `this gateway does not run a ${provider} account (SMS_PROVIDERS)`,
  );
}
