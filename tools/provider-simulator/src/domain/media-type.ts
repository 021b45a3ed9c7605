const BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  pdf: 'application/pdf',
  vcf: 'text/vcard',
  txt: 'text/plain',
};

/**
 * Twilio reports the content type it saw when it fetched the media; the simulator fetches
 * nothing, so it guesses from the URL's file extension.
 */
export function guessMediaContentType(mediaUrl: string): string {
  let pathname: string;
  try {
    pathname = new URL(mediaUrl).pathname;
  } catch {
    pathname = mediaUrl;
  }
  const extension = /\.([a-z0-9]+)$/i.exec(pathname)?.[1]?.toLowerCase();
  return (extension && BY_EXTENSION[extension]) ?? 'application/octet-stream';
}
