import { type SimMessage } from './message';

/**
 * The filters of Twilio's `GET Messages.json` the simulator honours: To, From and DateSent
 * (`DateSent=`, `DateSent<=`, `DateSent>=`, each a UTC day). A message not sent yet has no
 * date_sent, so a DateSent filter leaves it out, as on Twilio.
 */
export interface MessageListFilter {
  to?: string;
  from?: string;
  sentOn?: string;
  sentOnOrBefore?: string;
  sentOnOrAfter?: string;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the query; returns the name of the first parameter it cannot read instead. */
export function parseMessageListQuery(
  query: Record<string, unknown>,
): { filter: MessageListFilter } | { invalid: string } {
  const text = (name: string) => (typeof query[name] === 'string' ? query[name] : undefined);
  const days = { sentOn: 'DateSent', sentOnOrBefore: 'DateSent<', sentOnOrAfter: 'DateSent>' } as const;
  const filter: MessageListFilter = { to: text('To'), from: text('From'), pageSize: DEFAULT_PAGE_SIZE };
  for (const [key, name] of Object.entries(days) as Array<[keyof typeof days, string]>) {
    const day = text(name);
    if (day === undefined) continue;
    if (!DAY.test(day) || Number.isNaN(Date.parse(day))) return { invalid: name };
    filter[key] = day;
  }
  const pageSize = text('PageSize');
  if (pageSize !== undefined) {
    const size = Number(pageSize);
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) return { invalid: 'PageSize' };
    filter.pageSize = size;
  }
  return { filter };
}

/** The first page of the messages the filter matches, newest first (Twilio's order). */
export function listMessages(messages: Iterable<SimMessage>, filter: MessageListFilter): SimMessage[] {
  return [...messages]
    .filter((message) => matches(message, filter))
    .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime())
    .slice(0, filter.pageSize);
}

function matches(message: SimMessage, filter: MessageListFilter): boolean {
  if (filter.to !== undefined && message.to !== filter.to) return false;
  if (filter.from !== undefined && message.from !== filter.from) return false;
  const anyDay = filter.sentOn ?? filter.sentOnOrBefore ?? filter.sentOnOrAfter;
  if (anyDay === undefined) return true;
  if (message.dateSent === null) return false;
  const day = message.dateSent.toISOString().slice(0, 10);
  if (filter.sentOn !== undefined && day !== filter.sentOn) return false;
  if (filter.sentOnOrBefore !== undefined && day > filter.sentOnOrBefore) return false;
  if (filter.sentOnOrAfter !== undefined && day < filter.sentOnOrAfter) return false;
  return true;
}
