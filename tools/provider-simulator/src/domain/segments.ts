// GSM 03.38: the basic set costs one septet a character, the extension set two (escape + char).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

/**
 * How many SMS segments a body needs, as Twilio reports it in `num_segments` / `NumSegments`.
 * A body the GSM alphabet cannot carry is sent as UCS-2, which fits far fewer characters; a
 * multi-part message loses room in each part to the concatenation header. Never less than 1,
 * since an empty body (media only) still travels as one message.
 */
export function countSegments(body: string): number {
  const septets = gsmSeptets(body);
  if (septets !== null) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  // UCS-2 counts UTF-16 code units, so an emoji (a surrogate pair) takes two.
  return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
}

function gsmSeptets(body: string): number | null {
  let septets = 0;
  for (const char of body) {
    if (GSM_BASIC.has(char)) septets += 1;
    else if (GSM_EXTENSION.has(char)) septets += 2;
    else return null;
  }
  return septets;
}
