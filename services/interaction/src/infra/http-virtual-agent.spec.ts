import pino from 'pino';
import { httpVirtualAgentSchema } from '../domain/company-number-settings';
import type { VirtualAgentTurn } from '../domain/virtual-agent/virtual-agent';
import { type BotRequest, HttpVirtualAgent } from './http-virtual-agent';

const settings = httpVirtualAgentSchema.parse({
  kind: 'http',
  url: 'https://bot.example.com/turn',
  timeoutMs: 200,
  headers: { authorization: 'Bearer bot-token' },
  handoffMessage: 'Finding you a person.',
});

const turn: VirtualAgentTurn = {
  interactionId: '01970000-0000-7000-8000-000000000010',
  companyAddress: '+15550100002',
  message: {
    id: '01970000-0000-7000-8000-000000000011',
    body: 'hello',
    occurredAt: '2026-01-01T10:00:00.000Z',
  },
  state: { step: 3 },
};

function agentAnswering(answer: () => Promise<Response>): { agent: HttpVirtualAgent; calls: RequestInit[] } {
  const calls: RequestInit[] = [];
  const fake = (_url: string | URL | Request, init?: RequestInit) => {
    calls.push(init ?? {});
    return answer();
  };
  return { agent: new HttpVirtualAgent(settings, pino({ level: 'silent' }), fake), calls };
}

const json = (body: unknown, status = 200) =>
  Promise.resolve(
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );

describe('the HTTP virtual agent (a company’s own bot)', () => {
  it('sends the interaction id, the message and the kept state; answers with the bot’s replies and state', async () => {
    const { agent, calls } = agentAnswering(() => json({ replies: ['Hi from the bot'], state: { step: 4 } }));
    expect(await agent.respond(turn)).toEqual({ replies: ['Hi from the bot'], nextState: { step: 4 } });
    const sent = JSON.parse(calls[0]!.body as string) as BotRequest;
    expect(sent).toEqual({
      interactionId: turn.interactionId,
      companyNumber: '+15550100002',
      message: { id: turn.message.id, body: 'hello', receivedAt: turn.message.occurredAt },
      state: { step: 3 },
    });
    expect(calls[0]!.headers).toMatchObject({
      authorization: 'Bearer bot-token',
      'content-type': 'application/json',
    });
  });

  it('keeps the previous state when the bot sends none, and passes on the bot’s handoff', async () => {
    const { agent } = agentAnswering(() => json({ replies: [], handoff: { reason: 'topic_handoff' } }));
    expect(await agent.respond(turn)).toEqual({
      replies: [],
      nextState: { step: 3 },
      handoff: { reason: 'topic_handoff' },
    });
  });

  it('recognises a request for a person without asking the bot', async () => {
    const { agent, calls } = agentAnswering(() => json({ replies: ['never asked'] }));
    const decision = await agent.respond({ ...turn, message: { ...turn.message, body: 'A HUMAN please!' } });
    expect(decision).toEqual({
      replies: ['Finding you a person.'],
      nextState: { step: 3 },
      handoff: { reason: 'requested_person' },
    });
    expect(calls).toHaveLength(0);
  });

  it.each([
    ['answers 500', () => json({ replies: ['x'] }, 500), /HTTP 500/],
    ['answers 404', () => json({}, 404), /HTTP 404/],
    ['answers something that is not JSON', () => Promise.resolve(new Response('<html>')), /invalid answer/],
    ['answers without replies or a handoff', () => json({ replies: [] }), /a reply or a handoff/],
    ['answers an empty reply', () => json({ replies: [''] }), /replies\.0/],
    [
      'claims bot_unavailable itself',
      () => json({ replies: ['x'], handoff: { reason: 'bot_unavailable' } }),
      /handoff/,
    ],
    ['answers too large a state', () => json({ replies: ['x'], state: 'y'.repeat(20_000) }), /state/],
    [
      'cannot be reached',
      () => Promise.reject(new TypeError('fetch failed')),
      /request failed: fetch failed/,
    ],
  ])('hands over to a person (bot_unavailable) when the bot %s', async (_case, answer, detail) => {
    const { agent } = agentAnswering(answer);
    const decision = await agent.respond(turn);
    expect(decision).toEqual({
      replies: ['Finding you a person.'],
      nextState: { step: 3 },
      handoff: { reason: 'bot_unavailable', detail: expect.stringMatching(detail) },
    });
  });

  it('hands over when the bot does not answer within its timeout', async () => {
    const silent = new HttpVirtualAgent(
      settings,
      pino({ level: 'silent' }),
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error));
        }),
    );
    const decision = await silent.respond(turn);
    expect(decision.handoff).toEqual({ reason: 'bot_unavailable', detail: 'no answer within 200 ms' });
  });
});
