import { guessMediaContentType } from './media-type';

describe('guessMediaContentType', () => {
  it('should guess from the file extension of the URL path, ignoring the query', () => {
    expect(guessMediaContentType('https://example.com/a/photo.JPG?size=large')).toBe('image/jpeg');
    expect(guessMediaContentType('https://example.com/card.vcf')).toBe('text/vcard');
  });

  it('should fall back to application/octet-stream', () => {
    expect(guessMediaContentType('https://example.com/media/123')).toBe('application/octet-stream');
    expect(guessMediaContentType('not a url')).toBe('application/octet-stream');
  });
});
