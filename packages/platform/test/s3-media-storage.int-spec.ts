import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readLimited } from '../src/media/read-limited';
import { S3MediaStorage } from '../src/media/s3-media-storage';

/**
 * The few S3 calls the adapter makes (PUT, GET and HEAD of an object, path-style), served from
 * memory. Every request must be signed with SigV4 for our access key, as a real store demands.
 */
function fakeS3(bucket: string, accessKeyId: string) {
  const objects = new Map<string, { bytes: Buffer; contentType: string }>();
  const unsigned: string[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const authorization = request.headers.authorization ?? '';
      const signed =
        authorization.startsWith('AWS4-HMAC-SHA256 ') &&
        authorization.includes(`Credential=${accessKeyId}/`) &&
        /Signature=[0-9a-f]{64}/.test(authorization) &&
        typeof request.headers['x-amz-date'] === 'string';
      if (!signed) {
        unsigned.push(`${request.method} ${request.url}`);
        response.writeHead(403, { 'content-type': 'application/xml' });
        response.end('<Error><Code>AccessDenied</Code></Error>');
        return;
      }
      const path = decodeURIComponent(new URL(request.url!, 'http://s3').pathname);
      const prefix = `/${bucket}/`;
      if (!path.startsWith(prefix)) {
        response.writeHead(404, { 'content-type': 'application/xml' });
        response.end('<Error><Code>NoSuchBucket</Code></Error>');
        return;
      }
      const key = path.slice(prefix.length);
      if (request.method === 'PUT') {
        objects.set(key, { bytes: await body(request), contentType: request.headers['content-type'] ?? '' });
        response.writeHead(200, { etag: '"1"' });
        response.end();
        return;
      }
      const object = objects.get(key);
      if (!object) {
        response.writeHead(404, { 'content-type': 'application/xml' });
        response.end(request.method === 'HEAD' ? undefined : '<Error><Code>NoSuchKey</Code></Error>');
        return;
      }
      response.writeHead(200, { 'content-type': object.contentType, 'content-length': object.bytes.length });
      response.end(request.method === 'HEAD' ? undefined : object.bytes);
    })();
  });
  return { server, objects, unsigned };
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const raw = await readLimited(request, 10_000_000);
  // The SDK may send the body aws-chunked (with per-chunk signatures); keep only the data.
  if (request.headers['content-encoding']?.includes('aws-chunked')) {
    const data: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const lineEnd = raw.indexOf('\r\n', offset);
      const size = parseInt(raw.subarray(offset, lineEnd).toString().split(';')[0]!, 16);
      if (!size) break;
      data.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
      offset = lineEnd + 2 + size + 2;
    }
    return Buffer.concat(data);
  }
  return raw;
}

describe('S5: S3 media storage (against an in-test S3-compatible server)', () => {
  const fake = fakeS3('threadline-media', 'AKIDTEST');
  let storage: S3MediaStorage;

  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    const { port } = fake.server.address() as AddressInfo;
    storage = new S3MediaStorage({
      endpoint: `http://127.0.0.1:${port}`,
      bucket: 'threadline-media',
      region: 'us-east-1',
      accessKeyId: 'AKIDTEST',
      secretAccessKey: 'test-secret',
    });
  });
  afterAll(async () => {
    storage.destroy();
    await new Promise((resolve) => fake.server.close(resolve));
  });

  it('puts an object under its key, signed, and reads it back with type and size', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await storage.put('inbound/m1-0', bytes, 'image/png');
    expect(fake.objects.get('inbound/m1-0')).toEqual({ bytes, contentType: 'image/png' });
    const stored = await storage.get('inbound/m1-0');
    expect(stored).toMatchObject({ contentType: 'image/png', size: bytes.length });
    expect(await readLimited(stored!.body, 100)).toEqual(bytes);
    expect(await storage.exists('inbound/m1-0')).toBe(true);
    expect(fake.unsigned).toEqual([]);
  });

  it('knows nothing of a key never put', async () => {
    expect(await storage.get('upload/none')).toBeNull();
    expect(await storage.exists('upload/none')).toBe(false);
  });

  it('refuses an unsafe key before calling the store', async () => {
    await expect(storage.put('../x', Buffer.from('x'), 'image/png')).rejects.toThrow('not a media key');
  });
});
