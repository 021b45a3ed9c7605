import type { EnvelopeOf } from '@threadline/contracts';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { OptOutSettings } from '../domain/company-number-settings';
import { derivedMessageId, timesAfter } from '../domain/derived-id';
import { classifyKeyword } from '../domain/opt-out-keywords';
import { type InteractionRow, InteractionRepository } from '../infra/interaction.repository';
import type { RequesterOptOuts } from './requester-opt-outs';
import type { TranscriptWriter } from './transcript-writer';

type Resolved = EnvelopeOf<'profile.requester.resolved.v1'>;

/**
 * SPEC S2: an inbound message that is an opt-out, opt-in or help keyword. It is kept in the
 * pair's ongoing conversation like any message, with a note for agents, but never opens, reopens
 * or routes one: a STOP is not a request for help. Each keyword message is answered once (the
 * answer's id derives from the message's, and a change that is no change sends nothing):
 * - opt-out: the pair is opted out and gets the confirmation, the one message it may still get;
 *   texting it again while opted out sends nothing (carriers expect one confirmation);
 * - opt-in: only while opted out; otherwise "YES" is an ordinary answer and handled as one;
 * - help: the help text, even to an opted-out number (carriers require HELP to be answered).
 */
export class AnswerKeyword {
  constructor(
    private readonly optOuts: RequesterOptOuts,
    private readonly writer: TranscriptWriter,
  ) {}

  /**
   * False when the message is no keyword to act on, and the caller handles it as any other.
   * `appendInbound` records it in the ongoing conversation (false: it already is).
   */
  async handle(
    manager: EntityManager,
    resolved: Resolved,
    settings: OptOutSettings,
    appendInbound: (interaction: InteractionRow) => Promise<boolean>,
    logger: Logger,
  ): Promise<boolean> {
    const { message } = resolved.data;
    const match = classifyKeyword(message.body, settings);
    if (match.intent === 'none' || match.keyword === null) return false;
    const pair = { companyAddress: message.to, requesterAddress: message.from };
    const repository = new InteractionRepository(manager);
    const active = await repository.lockActive(message.from, message.to);
    if (match.intent === 'opt_in' && !(await this.optOuts.current(manager, pair))) return false;
    if (active && !(await appendInbound(active))) {
      logger.info({ messageId: message.messageId }, 'keyword message already in a transcript');
      return true;
    }
    const log = logger.child({ keyword: match.keyword, intent: match.intent, interactionId: active?.id });
    const [noteAt, answerAt] = timesAfter(new Date(message.receivedAt), 2);
    let answer: string;
    if (match.intent === 'help') {
      answer = settings.helpText;
    } else {
      const optedOut = match.intent === 'opt_out';
      const changed = await this.optOuts.change(manager, pair, {
        optedOut,
        source: 'keyword',
        keyword: match.keyword,
        occurredAt: new Date(message.receivedAt),
        interactionId: active?.id ?? null,
        causationId: resolved.id,
      });
      if (!changed) {
        log.info('keyword changes nothing: the pair is already so; no second confirmation');
        return true;
      }
      log.info(optedOut ? 'the requester opted out' : 'the requester opted back in');
      if (active) {
        await this.writer.noteForAgents(manager, active, {
          body: optedOut
            ? `The requester opted out by texting ${match.keyword}. Nothing more can be sent to this number until they text ${settings.optInKeywords[0]}.`
            : `The requester opted back in by texting ${match.keyword}.`,
          messageId: derivedMessageId(message.messageId, 'opt-out-note'),
          occurredAt: noteAt,
          causationId: resolved.id,
        });
      }
      answer = optedOut ? settings.optOutConfirmation : settings.optInConfirmation;
    }
    const messageId = derivedMessageId(message.messageId, 'keyword-answer');
    if (active) {
      await this.writer.sendToRequester(manager, active, {
        authorKind: 'system',
        authorId: null,
        body: answer,
        messageId,
        occurredAt: answerAt,
        causationId: resolved.id,
        whenOptedOut: 'sendAnyway',
      });
    } else {
      await this.writer.sendOutsideTranscript(manager, pair, {
        body: answer,
        messageId,
        causationId: resolved.id,
      });
    }
    return true;
  }
}
