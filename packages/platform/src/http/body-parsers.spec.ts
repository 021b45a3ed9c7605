import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error';
import { bodyParsers, MAX_FORM_FIELDS, rawBodyOf } from './body-parsers';
import { Readable } from 'node:stream';

function request(body: string, type: string, contentLength = Buffer.byteLength(body)): Request {
  const stream = Readable.from([Buffer.from(body)]) as unknown as Request;
  Object.assign(stream, {
    headers: { 'content-type': type, 'content-length': String(contentLength) },
    method: 'POST',
    url: '/',
  });
  return stream;
}

function run(body: string, type: string, limit = 64, contentLength?: number): Promise<unknown> {
  const [json, form] = bodyParsers(limit);
  const parser = type.includes('json') ? json! : form!;
  return new Promise((resolve) => {
    const next: NextFunction = (error?: unknown) => resolve(error);
    parser(request(body, type, contentLength), {} as Response, next);
  });
}

const FORM = 'application/x-www-form-urlencoded';

/** A form body of `count` fields. */
const formOf = (count: number) => Array.from({ length: count }, (_, index) => `F${index}=x`).join('&');

describe('bodyParsers', () => {
  it('turns an oversize body into PAYLOAD_TOO_LARGE', async () => {
    const error = await run(JSON.stringify({ text: 'x'.repeat(100) }), 'application/json');
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
  });

  it('turns JSON that does not parse into MALFORMED_BODY', async () => {
    expect(await run('{"text":', 'application/json')).toMatchObject({ code: 'MALFORMED_BODY', status: 400 });
  });

  it('keeps a JSON body as received beside the parsed one, for signature checks', async () => {
    const body = '{ "text" : "caf\u00e9" }';
    const [json] = bodyParsers(64);
    const sent = request(body, 'application/json');
    await new Promise((resolve) => json!(sent, {} as Response, resolve));
    expect(rawBodyOf(sent)?.toString('utf8')).toBe(body);
    expect(sent.body).toEqual({ text: 'café' });
  });

  it('passes a good form body through', async () => {
    expect(await run('Body=hi&From=%2B15551230001', FORM)).toBeUndefined();
  });

  it(`passes a form of ${MAX_FORM_FIELDS} fields, and turns one more into TOO_MANY_FORM_FIELDS (not a 500)`, async () => {
    expect(await run(formOf(MAX_FORM_FIELDS), FORM, 64 * 1024)).toBeUndefined();
    const error = await run(formOf(MAX_FORM_FIELDS + 1), FORM, 64 * 1024);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'TOO_MANY_FORM_FIELDS', status: 413, details: { maxFields: 1000 } });
  });

  it('turns any other fault of the request into a 4xx AppError of its status', async () => {
    // A body shorter than its Content-Length: body-parser's 400 request.size.invalid.
    const error = await run('Body=hi', FORM, 64, 20);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'MALFORMED_BODY', status: 400 });
  });
});
