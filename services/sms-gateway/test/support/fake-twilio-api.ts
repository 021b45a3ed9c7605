import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';

/** One request to the fake Messages API, as the gateway sent it. */
export interface RecordedSend {
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  form: Record<string, string>;
}

export interface Reply {
  status: number;
  body: unknown;
}

/** How the fake answers one send; may do things first (call the gateway back, wait). */
export type Answer = (send: RecordedSend) => Reply | Promise<Reply>;

export function newMessageSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

/** Twilio's 201 with a Message resource, queued under `sid`. */
export function accepted(sid = newMessageSid()): Answer {
  return (send) => ({
    status: 201,
    body: {
      sid,
      status: 'queued',
      to: send.form.To,
      from: send.form.From,
      body: send.form.Body,
      num_segments: '1',
      error_code: null,
      error_message: null,
    },
  });
}

/** A Twilio error answer, e.g. 400 with code 21211 (invalid To). */
export function refused(status: number, code: number, message = 'refused by the fake'): Answer {
  return () => ({
    status,
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  });
}

/**
 * A stand-in for Twilio's Messages API (POST /2010-04-01/Accounts/{sid}/Messages.json) that
 * records every request. Answers are scripted per message Body, so tests sharing the fake
 * do not consume each other's; unscripted sends are accepted.
 */
export class FakeTwilioApi {
  readonly sends: RecordedSend[] = [];
  private readonly scripts = new Map<string, Answer[]>();
  /** S5: media served at Twilio-like URLs, behind the account's basic auth. */
  private readonly media = new Map<string, { bytes: Buffer; contentType: string }>();
  readonly mediaRequests: Array<{ path: string; authorization: string | undefined }> = [];
  private expectedAuthorization: string | undefined;

  private readonly server: Server = createServer((request, response) => {
    void this.handle(request, response);
  });

  private constructor() {}

  static async start(): Promise<FakeTwilioApi> {
    const fake = new FakeTwilioApi();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** Where the gateway finds the API (TWILIO_API_BASE_URL). */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The answers, in order, to the sends of the message with this Body. */
  script(body: string, ...answers: Answer[]): void {
    this.scripts.set(body, answers);
  }

  /** Serves `bytes` at a new media URL that demands basic auth of `accountSid:authToken`. */
  serveMedia(
    bytes: Buffer,
    contentType: string,
    credentials: { accountSid: string; authToken: string },
  ): string {
    this.expectedAuthorization = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`;
    const path = `/2010-04-01/Accounts/${credentials.accountSid}/Messages/MM${randomBytes(16).toString('hex')}/Media/ME${randomBytes(16).toString('hex')}`;
    this.media.set(path, { bytes, contentType });
    return `${this.url}${path}`;
  }

  sendsOf(body: string): RecordedSend[] {
    return this.sends.filter((send) => send.form.Body === body);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === 'GET') return this.serve(request, response);
    const form = new URLSearchParams(await text(request));
    const send: RecordedSend = {
      path: request.url ?? '',
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      form: Object.fromEntries(form),
    };
    this.sends.push(send);
    const answer = this.scripts.get(send.form.Body ?? '')?.shift() ?? accepted();
    let reply: Reply;
    try {
      reply = await answer(send);
    } catch (error) {
      reply = { status: 500, body: { code: 20500, message: `the fake failed: ${String(error)}` } };
    }
    response.writeHead(reply.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(reply.body));
  }

  private serve(request: IncomingMessage, response: ServerResponse): void {
    const path = request.url ?? '';
    this.mediaRequests.push({ path, authorization: request.headers.authorization });
    const medium = this.media.get(path);
    if (request.headers.authorization !== this.expectedAuthorization) {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 20003, message: 'Authenticate' }));
    } else if (!medium) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 20404, message: 'not found' }));
    } else {
      response.writeHead(200, { 'content-type': medium.contentType, 'content-length': medium.bytes.length });
      response.end(medium.bytes);
    }
  }
}
