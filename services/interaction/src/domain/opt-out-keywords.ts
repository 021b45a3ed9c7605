/** What an inbound message asks of the company number's messaging (SPEC S2). */
export type KeywordIntent = 'opt_out' | 'opt_in' | 'help' | 'none';

export interface KeywordLists {
  optOutKeywords: readonly string[];
  optInKeywords: readonly string[];
  helpKeywords: readonly string[];
}

export interface KeywordMatch {
  intent: KeywordIntent;
  /** The configured keyword the message consists of, as configured ("STOP"); null for `none`. */
  keyword: string | null;
}

/**
 * A message's text reduced to what a keyword is compared with: NFKC, lower case, with spacing and
 * punctuation dropped at both ends and runs of spacing inside made one space. " Stop! " and
 * "STOP." become "stop"; "don't stop" stays two words, so it is no keyword.
 */
export function keywordTextOf(text: string): string {
  return text
    .normalize('NFKC')
    .toLocaleLowerCase('en-US')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .replace(/\s+/gu, ' ');
}

/**
 * SPEC S2: whether a message is an opt-out, opt-in or help keyword, alone in the message. Carriers
 * treat anything longer ("stop please", "can I stop?") as a conversation, and so do we. Opt-out is
 * checked first, so a keyword configured twice by mistake can never keep a number subscribed.
 */
export function classifyKeyword(body: string, lists: KeywordLists): KeywordMatch {
  const text = keywordTextOf(body);
  if (text === '') return { intent: 'none', keyword: null };
  const ordered: Array<[KeywordIntent, readonly string[]]> = [
    ['opt_out', lists.optOutKeywords],
    ['opt_in', lists.optInKeywords],
    ['help', lists.helpKeywords],
  ];
  for (const [intent, keywords] of ordered) {
    const keyword = keywords.find((candidate) => keywordTextOf(candidate) === text);
    if (keyword !== undefined) return { intent, keyword };
  }
  return { intent: 'none', keyword: null };
}
