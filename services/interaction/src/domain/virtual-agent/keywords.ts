/**
 * The words of a message, lower-cased, with punctuation and spacing dropped: "AGENT!" and
 * "a human, please?" become ["agent"] and ["a", "human", "please"]. Letters and digits of any
 * script count; everything else separates words.
 */
export function wordsOf(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLocaleLowerCase('en-US')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * Whether `words` contain `keyword` as whole words: "agent" matches "Agent, please" but not
 * "agents" or "reagent"; a keyword of several words ("live agent") matches them in a row.
 */
export function containsKeyword(words: readonly string[], keyword: string): boolean {
  const wanted = wordsOf(keyword);
  if (wanted.length === 0) return false;
  for (let start = 0; start + wanted.length <= words.length; start++) {
    if (wanted.every((word, offset) => words[start + offset] === word)) return true;
  }
  return false;
}

export function containsAnyKeyword(words: readonly string[], keywords: readonly string[]): boolean {
  return keywords.some((keyword) => containsKeyword(words, keyword));
}

/** The number a message consists of ("2", " 2. ", "2)"), or null when it is anything else. */
export function choiceNumberOf(text: string): number | null {
  const match = /^\s*(\d{1,3})\s*[.)]?\s*$/.exec(text);
  return match ? Number(match[1]) : null;
}
