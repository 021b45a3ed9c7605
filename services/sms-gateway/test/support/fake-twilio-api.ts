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
  headers?: Record<string, string>;
  /** The fake took the message under this sid although its answer says otherwise (a lost answer). */
  kept?: string;
}

/** A message the fake holds, as its Messages list shows it. */
interface HeldMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  date_created: string;
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
export function refused(
  status: number,
  code: number,
  message = 'refused by the fake',
  headers: Record<string, string> = {},
): Answer {
  return () => ({
    status,
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
    headers,
  });
}

/** The fake takes the message, then fails its answer with `status`: the gateway cannot know it was sent. */
export function acceptedButAnswered(status: number, sid = newMessageSid()): Answer {
  return () => ({ status, body: { code: 20500, message: 'answer lost by the fake' }, kept: sid });
}

/**
 * A stand-in for Twilio's Messages API (POST /2010-04-01/Accounts/{sid}/Messages.json) that
 * records every request. Answers are scripted per message Body, so tests sharing the fake
 * do not consume each other's; unscripted sends are accepted.
 */
export class FakeTwilioApi {
  readonly sends: RecordedSend[] = [];
  /** When each send arrived (Date.now()). */
  private readonly arrivals = new Map<RecordedSend, number>();
  /** The queries of every Messages list request (GET Messages.json). */
  readonly lookups: Array<Record<string, string>> = [];
  private readonly held: HeldMessage[] = [];
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

  arrivalOf(send: RecordedSend): number {
    const at = this.arrivals.get(send);
    if (at === undefined) throw new Error('not a send of this fake');
    return at;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === 'GET') {
      // The Messages list (a retry's lookup) or a medium of an inbound MMS.
      if ((request.url ?? '').split('?')[0]!.endsWith('/Messages.json')) this.list(request, response);
      else this.serve(request, response);
      return;
    }
    const arrivedAt = Date.now();
    const form = new URLSearchParams(await text(request));
    const send: RecordedSend = {
      path: request.url ?? '',
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      form: Object.fromEntries(form),
    };
    this.sends.push(send);
    this.arrivals.set(send, arrivedAt);
    const answer = this.scripts.get(send.form.Body ?? '')?.shift() ?? accepted();
    let reply: Reply;
    try {
      reply = await answer(send);
    } catch (error) {
      reply = { status: 500, body: { code: 20500, message: `the fake failed: ${String(error)}` } };
    }
    const sid = reply.kept ?? (reply.status === 201 ? (reply.body as { sid: string }).sid : undefined);
    if (sid) {
      this.held.push({
        sid,
        to: send.form.To ?? '',
        from: send.form.From ?? '',
        body: send.form.Body ?? '',
        status: 'queued',
        date_created: new Date().toUTCString().replace('GMT', '+0000'),
      });
    }
    response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    response.end(JSON.stringify(reply.body));
  }

  /** Twilio's Messages list: filtered by To and From, newest first. */
  private list(request: IncomingMessage, response: ServerResponse): void {
    const query = Object.fromEntries(new URL(request.url ?? '', 'http://fake').searchParams);
    this.lookups.push(query);
    const messages = this.held
      .filter(
        (message) => (!query.To || message.to === query.To) && (!query.From || message.from === query.From),
      )
      .reverse();
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ messages, page: 0, page_size: messages.length }));
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
