import { attachmentProblem, refusedMediaText, uploadErrorText } from './media';

describe('S5: images in the web app', () => {
  it('says why an inbound image was not kept', () => {
    expect(refusedMediaText('too_large')).toBe('An image was not kept: too large');
    expect(refusedMediaText('fetch_failed')).toMatch(/could not be fetched/);
    expect(refusedMediaText(null)).toBe('An image was not kept: unknown reason');
  });

  it('attaches only allowed images of at most 5 MB', () => {
    expect(attachmentProblem({ type: 'image/png', size: 5 * 1024 * 1024 })).toBeNull();
    expect(attachmentProblem({ type: 'image/png', size: 5 * 1024 * 1024 + 1 })).toMatch(/larger than 5 MB/);
    expect(attachmentProblem({ type: 'image/svg+xml', size: 10 })).toMatch(/JPEG, PNG, GIF or WebP/);
    expect(attachmentProblem({ type: '', size: 10 })).not.toBeNull();
  });

  it('words the upload refusals', () => {
    expect(uploadErrorText('MEDIA_TOO_LARGE', 'x')).toMatch(/too large/);
    expect(uploadErrorText('MEDIA_CONTENT_MISMATCH', 'x')).toMatch(/not the image/);
    expect(uploadErrorText('OTHER', 'fallback')).toBe('fallback');
  });
});
