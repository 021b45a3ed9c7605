import { essenceOf, isAllowedMediaType, parseMediaTypeList, sniffImageType } from './media-types';

const ALLOWED = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const bytes = (...values: Array<number | string>) =>
  Uint8Array.from(
    values.flatMap((value) => (typeof value === 'string' ? [...value].map((c) => c.charCodeAt(0)) : [value])),
  );

describe('S5: media types', () => {
  it.each(['image/jpeg', 'IMAGE/PNG', 'image/gif; charset=binary', ' image/webp '])('allows %s', (type) => {
    expect(isAllowedMediaType(type, ALLOWED)).toBe(true);
  });

  it.each(['image/svg+xml', 'text/html', 'application/pdf', '', 'image/jpeg2000'])('refuses %j', (type) => {
    expect(isAllowedMediaType(type, ALLOWED)).toBe(false);
  });

  it('reads a configured list, ignoring case, parameters and blanks', () => {
    expect(parseMediaTypeList('image/JPEG, image/png;q=1,, ')).toEqual(['image/jpeg', 'image/png']);
    expect(essenceOf('Image/Gif ; x=y')).toBe('image/gif');
  });
});

describe('S5: magic-byte sniffing', () => {
  it.each([
    ['image/jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10)],
    ['image/png', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0)],
    ['image/gif', bytes('GIF89a', 1, 0)],
    ['image/gif', bytes('GIF87a')],
    ['image/webp', bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 ')],
  ])('recognises %s', (type, data) => {
    expect(sniffImageType(data)).toBe(type);
  });

  it.each([
    ['html', bytes('<html><script>')],
    ['svg', bytes('<svg xmlns=')],
    ['a RIFF that is not WebP (WAV)', bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt ')],
    ['too short for any signature', bytes(0xff, 0xd8)],
    ['empty', bytes()],
  ])('recognises nothing in %s', (_name, data) => {
    expect(sniffImageType(data)).toBeNull();
  });
});
