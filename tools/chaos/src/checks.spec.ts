import {
  agentsOverCapacity,
  checkInbound,
  checkReplies,
  pairsWithTwoActive,
  timersFiredTwice,
  verdictOf,
} from './checks';
import type { AcceptedInbound, AcceptedReply, InboundRow } from './records';

const ADA = '+15552000001';
const BOB = '+15552000002';
const SUPPORT = '+15550100001';

function inbound(id: string, indexInPair: number, overrides: Partial<AcceptedInbound> = {}): AcceptedInbound {
  return {
    providerMessageId: id,
    requester: ADA,
    company: SUPPORT,
    body: `m ${id}`,
    keyword: false,
    indexInPair,
    attempts: 1,
    acceptedAtMs: 0,
    ...overrides,
  };
}

function row(
  id: string,
  sequence: number,
  at: string | null,
  interactionId: string | null = 'i-1',
): InboundRow {
  return { providerMessageId: id, gatewaySequence: sequence, interactionId, occurredAt: at };
}

describe('checkInbound', () => {
  it('passes messages each in a transcript once, in the order they were sent', () => {
    const verdict = checkInbound(
      [inbound('a', 0), inbound('b', 1), inbound('c', 0, { requester: BOB })],
      [
        row('a', 1, '2026-12-01T10:00:00.000Z'),
        row('b', 3, '2026-12-01T10:00:01.000Z'),
        row('c', 2, '2026-12-01T10:00:00.500Z', 'i-2'),
      ],
    );
    expect(verdict).toEqual({ accepted: 3, lost: [], duplicated: [], outOfOrder: [] });
  });

  it('counts a message the gateway took but no transcript has as lost', () => {
    const verdict = checkInbound(
      [inbound('a', 0), inbound('b', 1)],
      [row('a', 1, '2026-12-01T10:00:00.000Z'), row('b', 2, null, null)],
    );
    expect(verdict.lost).toEqual([{ message: inbound('b', 1), missingFrom: 'transcript' }]);
  });

  it('counts a message the gateway has no record of as lost', () => {
    expect(checkInbound([inbound('a', 0)], []).lost).toEqual([
      { message: inbound('a', 0), missingFrom: 'gateway' },
    ]);
  });

  it('counts a message in two transcripts as duplicated', () => {
    const verdict = checkInbound(
      [inbound('a', 0)],
      [row('a', 1, '2026-12-01T10:00:00.000Z'), row('a', 2, '2026-12-01T10:00:00.100Z', 'i-2')],
    );
    expect(verdict.duplicated).toEqual([{ message: inbound('a', 0), copies: 2 }]);
  });

  it('counts a message placed before one sent earlier on the same pair as out of order', () => {
    const verdict = checkInbound(
      [inbound('a', 0), inbound('b', 1)],
      [row('a', 2, '2026-12-01T10:00:01.000Z'), row('b', 1, '2026-12-01T10:00:00.000Z')],
    );
    expect(verdict.outOfOrder.map((message) => message.providerMessageId)).toEqual(['a']);
  });

  it("orders a pair's messages of the same instant by the gateway's sequence", () => {
    const at = '2026-12-01T10:00:00.000Z';
    expect(
      checkInbound([inbound('a', 0), inbound('b', 1)], [row('a', 1, at), row('b', 2, at)]).outOfOrder,
    ).toEqual([]);
    expect(
      checkInbound([inbound('a', 0), inbound('b', 1)], [row('a', 2, at), row('b', 1, at)]).outOfOrder,
    ).toHaveLength(1);
  });

  it('accepts a keyword outside any transcript when the gateway recorded it, but not one it never recorded', () => {
    const stop = inbound('s', 0, { body: 'STOP', keyword: true });
    expect(checkInbound([stop], [row('s', 1, null, null)]).lost).toEqual([]);
    expect(checkInbound([stop], []).lost).toEqual([{ message: stop, missingFrom: 'gateway' }]);
  });
});

describe('checkReplies', () => {
  const reply = (token: string, requester = ADA): AcceptedReply => ({
    clientMessageId: token,
    interactionId: 'i-1',
    requester,
    company: SUPPORT,
    body: `Thanks (${token})`,
  });

  it('passes replies on the phone once', () => {
    const verdict = checkReplies(
      [reply('1'), reply('2', BOB)],
      new Map([
        [ADA, ['Thanks (1)', 'other']],
        [BOB, ['Thanks (2)']],
      ]),
      [],
    );
    expect(verdict).toEqual({ accepted: 2, delivered: 2, lost: [], failedReported: [], duplicated: [] });
  });

  it('counts a reply on no phone and not reported failed as lost', () => {
    const verdict = checkReplies([reply('1')], new Map([[ADA, []]]), [
      { body: 'Thanks (1)', deliveryStatus: 'sent', failureReason: null },
    ]);
    expect(verdict.lost).toEqual([reply('1')]);
  });

  it('tells a reply reported failed to the agent apart from a lost one', () => {
    const verdict = checkReplies([reply('1')], new Map(), [
      { body: 'Thanks (1)', deliveryStatus: 'failed', failureReason: 'PROVIDER_UNAVAILABLE' },
    ]);
    expect(verdict.lost).toEqual([]);
    expect(verdict.failedReported).toEqual([{ reply: reply('1'), reason: 'PROVIDER_UNAVAILABLE' }]);
  });

  it('counts a reply on the phone twice as duplicated (and delivered)', () => {
    const verdict = checkReplies([reply('1')], new Map([[ADA, ['Thanks (1)', 'Thanks (1)']]]), []);
    expect(verdict.delivered).toBe(1);
    expect(verdict.duplicated).toEqual([{ reply: reply('1'), copies: 2 }]);
  });
});

describe('the other checks', () => {
  it('finds timers announced more than once', () => {
    expect(
      timersFiredTwice([
        { timerId: 't1', firedEvents: 1 },
        { timerId: 't2', firedEvents: 2 },
      ]),
    ).toEqual([{ timerId: 't2', firedEvents: 2 }]);
  });

  it('finds pairs with two active conversations', () => {
    const found = pairsWithTwoActive([
      { interactionId: 'i-1', requester: ADA, company: SUPPORT, state: 'new' },
      { interactionId: 'i-2', requester: BOB, company: SUPPORT, state: 'work_in_progress' },
      { interactionId: 'i-3', requester: ADA, company: SUPPORT, state: 'on_hold' },
    ]);
    expect(found).toEqual([{ pair: `${ADA}>${SUPPORT}`, interactionIds: ['i-1', 'i-3'] }]);
  });

  it('finds samples of an agent over capacity, and ignores agents without one', () => {
    const at = '2026-12-01T10:00:00Z';
    const over = { agentId: 'a', capacity: 2, load: 3, at };
    expect(
      agentsOverCapacity([
        { agentId: 'a', capacity: 2, load: 2, at },
        over,
        { agentId: 'b', capacity: null, load: 9, at },
      ]),
    ).toEqual([over]);
  });
});

describe('verdictOf', () => {
  const clean = {
    inbound: { accepted: 1, lost: [], duplicated: [], outOfOrder: [] },
    replies: { accepted: 1, delivered: 1, lost: [], failedReported: [], duplicated: [] },
    timersTwice: 0,
    twoActive: 0,
    overCapacity: 0,
  };

  it('passes a clean run, with reported failures and reply duplicates allowed', () => {
    const withReported = {
      ...clean,
      replies: {
        ...clean.replies,
        failedReported: [
          {
            reply: { clientMessageId: '1', interactionId: 'i', requester: ADA, company: SUPPORT, body: 'x' },
            reason: 'HTTP_503',
          },
        ],
      },
    };
    expect(verdictOf(withReported)).toEqual({ ok: true, failures: [] });
  });

  it.each([
    [
      'a lost inbound SMS',
      {
        ...clean,
        inbound: {
          ...clean.inbound,
          lost: [{ message: inbound('a', 0), missingFrom: 'transcript' as const }],
        },
      },
      /inbound SMS lost/,
    ],
    [
      'a transcript duplicate',
      { ...clean, inbound: { ...clean.inbound, duplicated: [{ message: inbound('a', 0), copies: 2 }] } },
      /more than once/,
    ],
    [
      'an out-of-order message',
      { ...clean, inbound: { ...clean.inbound, outOfOrder: [inbound('a', 0)] } },
      /out of order/,
    ],
    [
      'a lost reply',
      {
        ...clean,
        replies: {
          ...clean.replies,
          lost: [{ clientMessageId: '1', interactionId: 'i', requester: ADA, company: SUPPORT, body: 'x' }],
        },
      },
      /replies lost/,
    ],
    ['a timer fired twice', { ...clean, timersTwice: 1 }, /timers fired/],
    ['two active conversations', { ...clean, twoActive: 1 }, /two active/],
    ['an agent over capacity', { ...clean, overCapacity: 1 }, /over capacity/],
  ])('fails on %s', (_what, found, reason) => {
    const verdict = verdictOf(found);
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toEqual([expect.stringMatching(reason)]);
  });
});
