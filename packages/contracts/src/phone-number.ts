import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * The E.164 form of `text`, or null when it is not a phone number. The whole text must be the
 * number (no extracting one from surrounding words) and extensions are refused, since an SMS
 * cannot reach one. Numbers without a country code are read in `defaultRegion`.
 *
 * "Possible" (the right length for its country) rather than "valid": validity also checks
 * number ranges, and the demo and test numbers live in the fictitious 555 range.
 */
export function toE164(text: string, defaultRegion: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(text.trim(), { defaultCountry: defaultRegion, extract: false });
  if (!parsed || parsed.ext || !parsed.isPossible()) return null;
  return parsed.number;
}

export type { CountryCode } from 'libphonenumber-js';

/**
 * The setting `SMS_DEFAULT_REGION`: the country read for numbers written without a country
 * code. Every service that normalises numbers reads the same setting, so a number typed in an
 * import and the same number arriving by SMS become one E.164 string.
 */
export const phoneRegion = z
  .custom<CountryCode>(
    (value) => typeof value === 'string' && isSupportedCountry(value),
    'an ISO 3166 country code such as US',
  )
  .default('US');
