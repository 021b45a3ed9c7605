/**
 * Formats a date the way Twilio's REST API does (`Thu, 24 Aug 2023 05:01:45 +0000`): RFC 2822
 * in UTC with a numeric zone. `toUTCString` already has the right shape apart from `GMT`.
 */
export function toRfc2822(date: Date): string {
  return date.toUTCString().replace(/ GMT$/, ' +0000');
}
