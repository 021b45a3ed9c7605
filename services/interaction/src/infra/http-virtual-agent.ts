import type { Logger } from 'pino';
import { z } from 'zod';
import type { HttpVirtualAgentSettings } from '../domain/company-number-settings';
import { containsAnyKeyword, wordsOf } from '../domain/virtual-agent/keywords';
import type {
  JsonValue,
  VirtualAgent,
  VirtualAgentDecision,
  VirtualAgentTurn,
} from '../domain/virtual-agent/virtual-agent';

/** A bot's answer larger than this is refused: replies are SMS, and the state is kept on every interaction. */
const MAX_ANSWER_BYTES = 64 * 1024;
const MAX_STATE_BYTES = 16 * 1024;

const json: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);

/** What the bot answers (docs/virtual-agent.md). */
export const botAnswerSchema = z
  .object({
    replies: z.array(z.string().trim().min(1).max(1600)).max(10),
    /** Given back on the next turn; the previous state is kept when absent. */
    state: json.optional(),
    /** The bot gives the conversation to routing; `bot_unavailable` is ours to say, not the bot's. */
    handoff: z
      .object({ reason: z.enum(['requested_person', 'topic_handoff', 'not_understood']) })
      .nullable()
      .optional(),
  })
  .refine((answer) => answer.replies.length > 0 || answer.handoff, {
    message: 'an answer needs a reply or a handoff',
  })
  .refine((answer) => answer.state === undefined || JSON.stringify(answer.state).length <= MAX_STATE_BYTES, {
    message: `the state must be at most ${MAX_STATE_BYTES} bytes of JSON`,
  });

export interface BotRequest {
  interactionId: string;
  companyNumber: string;
  message: { id: string; body: string; receivedAt: string };
  state: JsonValue | null;
}

/**
 * A company's own bot behind HTTP, as the virtual agent of a company number. Every turn is one
 * POST; a bot that fails, times out, answers non-2xx or an answer that does not parse hands
 * the conversation to a person (`bot_unavailable`) instead of leaving the requester unanswered.
 * A request for a person is recognised before the bot is asked, so it never depends on the bot.
 */
export class HttpVirtualAgent implements VirtualAgent {
  constructor(
    private readonly settings: HttpVirtualAgentSettings,
    private readonly logger: Logger,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async respond(turn: VirtualAgentTurn): Promise<VirtualAgentDecision> {
    const { settings } = this;
    const handOver = (detail?: string): VirtualAgentDecision => ({
      replies: settings.handoffMessage === null ? [] : [settings.handoffMessage],
      nextState: turn.state,
      handoff: detail === undefined ? { reason: 'requested_person' } : { reason: 'bot_unavailable', detail },
    });
    if (containsAnyKeyword(wordsOf(turn.message.body), settings.personKeywords)) return handOver();

    const request: BotRequest = {
      interactionId: turn.interactionId,
      companyNumber: turn.companyAddress,
      message: { id: turn.message.id, body: turn.message.body, receivedAt: turn.message.occurredAt },
      state: turn.state,
    };
    const started = Date.now();
    let answer: z.infer<typeof botAnswerSchema>;
    try {
      const response = await this.fetchImpl(settings.url, {
        method: 'POST',
        headers: { ...settings.headers, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(settings.timeoutMs),
        redirect: 'error',
      });
      const body = await response.text();
      if (!response.ok) return this.unavailable(turn, handOver, `HTTP ${response.status}`);
      if (Buffer.byteLength(body) > MAX_ANSWER_BYTES) {
        return this.unavailable(turn, handOver, `an answer over ${MAX_ANSWER_BYTES} bytes`);
      }
      const parsed = botAnswerSchema.safeParse(parseJson(body));
      if (!parsed.success) {
        const where = parsed.error.issues[0];
        return this.unavailable(
          turn,
          handOver,
          `an invalid answer: ${where?.path.join('.') || 'answer'}: ${where?.message ?? 'not JSON'}`,
        );
      }
      answer = parsed.data;
    } catch (error) {
      // Duck-typed: the abort reason is a DOMException, which may come from another realm.
      const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
      return this.unavailable(
        turn,
        handOver,
        timedOut ? `no answer within ${settings.timeoutMs} ms` : `the request failed: ${describe(error)}`,
      );
    }
    this.logger.debug(
      {
        interactionId: turn.interactionId,
        ms: Date.now() - started,
        handoff: answer.handoff?.reason ?? null,
      },
      'external bot answered',
    );
    return {
      replies: answer.replies,
      nextState: answer.state === undefined ? turn.state : answer.state,
      ...(answer.handoff ? { handoff: { reason: answer.handoff.reason } } : {}),
    };
  }

  private unavailable(
    turn: VirtualAgentTurn,
    handOver: (detail: string) => VirtualAgentDecision,
    detail: string,
  ): VirtualAgentDecision {
    this.logger.warn({ interactionId: turn.interactionId, detail }, 'external bot unavailable; handing over');
    return handOver(detail);
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { message?: unknown } };
  if (typeof message !== 'string') return String(error);
  return typeof cause?.message === 'string' ? `${message}: ${cause.message}` : message;
}
