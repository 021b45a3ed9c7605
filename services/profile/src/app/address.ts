import { type CountryCode, toE164 } from '@threadline/contracts';
import { AppError } from '@threadline/platform';

/** The E.164 form of a number someone typed, or 400 PHONE_NUMBER_INVALID. */
export function addressOrRefuse(text: string, region: CountryCode): string {
  const address = toE164(text, region);
  if (address === null) {
    throw new AppError('PHONE_NUMBER_INVALID', 400, `"${text.slice(0, 64)}" is not a phone number`, {
      field: 'address',
    });
  }
  return address;
}
