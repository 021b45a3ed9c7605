// SPEC S4: how many SMS segments a text takes, and in which encoding: the one count the agents'
// composer shows while they type, the send API's segment limit, the send-rate buckets and the
// provider simulator's NumSegments all use. It has no imports, so the web app bundles this file
// on its own (apps/web aliases `@threadline/contracts/sms-segments` to it). GSM-7 (3GPP TS 23.038's default alphabet) fits 160 characters in
// one segment and 153 per part once split; a character of its extension table takes two (an
// escape and the character), and a pair is never split between parts. Any character outside
// both tables makes the whole text UCS-2: 70 UTF-16 units, or 67 per part, a surrogate pair
// never split.

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text takes. */
  units: number;
  /** 0 for an empty text. */
  segments: number;
  /** The size of a segment for this text: 160 or 153, 70 or 67. */
  perSegment: number;
  /** How many more units fit before another segment starts. */
  remainingInSegment: number;
}

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const basic = new Set(GSM_BASIC);
const extension = new Set(GSM_EXTENSION);

const LIMITS: Record<SmsEncoding, { single: number; part: number }> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

/** The septets a character takes in GSM-7, or null when GSM-7 cannot carry it. */
function gsmCost(character: string): 1 | 2 | null {
  if (basic.has(character)) return 1;
  if (extension.has(character)) return 2;
  return null;
}

/** The encoding a text needs: GSM-7 when every character is in its tables. */
export function encodingOf(text: string): SmsEncoding {
  for (const character of text) if (gsmCost(character) === null) return 'UCS-2';
  return 'GSM-7';
}

export function countSegments(text: string): SegmentCount {
  const encoding = encodingOf(text);
  // Each character's units: a code point is 1 or 2 UTF-16 units, and 1 or 2 septets.
  const costs = [...text].map((character) =>
    encoding === 'GSM-7' ? (gsmCost(character) as number) : character.length,
  );
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const { single, part } = LIMITS[encoding];
  if (units === 0) return { encoding, units, segments: 0, perSegment: single, remainingInSegment: single };
  if (units <= single)
    return { encoding, units, segments: 1, perSegment: single, remainingInSegment: single - units };
  // Split: fill each part greedily, moving a character that would straddle two parts whole.
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > part) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, segments, perSegment: part, remainingInSegment: part - used };
}
