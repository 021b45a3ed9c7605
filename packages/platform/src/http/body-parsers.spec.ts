import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error';
import { bodyParsers } from './body-parsers';
import { Readable } from 'node:stream';

function request(body: string, type: string): Request {
  const stream = Readable.from([Buffer.from(body)]) as unknown as Request;
  Object.assign(stream, {
    headers: { 'content-type': type, 'content-length': String(Buffer.byteLength(body)) },
    method: 'POST',
    url: '/',
  });
  return stream;
}

function run(body: string, type: string, limit = 64): Promise<unknown> {
  const [json, form] = bodyParsers(limit);
  const parser = type.includes('json') ? json! : form!;
  return new Promise((resolve) => {
    const next: NextFunction = (error?: unknown) => resolve(error);
    parser(request(body, type), {} as Response, next);
  });
}

describe('bodyParsers', () => {
  it('turns an oversize body into PAYLOAD_TOO_LARGE', async () => {
    const error = await run(JSON.stringify({ text: 'x'.repeat(100) }), 'application/json');
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
  });

  it('turns JSON that does not parse into MALFORMED_BODY', async () => {
    expect(await run('{"text":', 'application/json')).toMatchObject({ code: 'MALFORMED_BODY', status: 400 });
  });

  it('passes a good form body through', async () => {
    expect(await run('Body=hi&From=%2B15551230001', 'application/x-www-form-urlencoded')).toBeUndefined();
  });
});
