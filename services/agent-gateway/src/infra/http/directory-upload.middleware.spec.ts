import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { AppError } from '@threadline/platform';
import { readBody } from './directory-upload.middleware';

function upload(
  parts: string[],
  headers: Record<string, string> = {},
): IncomingMessage & { drained: () => boolean } {
  let done = false;
  const stream = Readable.from(
    (function* () {
      for (const part of parts) yield Buffer.from(part);
      done = true;
    })(),
  );
  return Object.assign(stream, { headers, drained: () => done }) as unknown as IncomingMessage & {
    drained: () => boolean;
  };
}

describe('reading an upload body', () => {
  it('gives the whole body when it is within the limit', async () => {
    expect((await readBody(upload(['external_id,name\n', 'E1,Ada\n']), 64)).toString()).toBe(
      'external_id,name\nE1,Ada\n',
    );
  });

  it('answers 413 IMPORT_TOO_LARGE for a body that grows past the limit, after reading it to its end', async () => {
    const request = upload(['x'.repeat(40), 'x'.repeat(40), 'x'.repeat(40)]);
    const error = await readBody(request, 64).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'IMPORT_TOO_LARGE', status: 413, details: { limitBytes: 64 } });
    expect(request.drained()).toBe(true);
  });

  it('answers 413 when the declared length is over the limit, without keeping what arrives', async () => {
    const request = upload(['small'], { 'content-length': '1000000' });
    await expect(readBody(request, 64)).rejects.toMatchObject({ code: 'IMPORT_TOO_LARGE' });
  });

  it('answers a client that hangs up mid-upload with a 400, not an internal error', async () => {
    const request = upload(['external_id,name\n']);
    const reading = readBody(request, 64);
    request.destroy(new Error('socket hang up'));
    await expect(reading).rejects.toMatchObject({ code: 'MALFORMED_BODY', status: 400 });
  });

  it('accepts a body of exactly the limit', async () => {
    expect((await readBody(upload(['x'.repeat(64)]), 64)).length).toBe(64);
  });
});
