import { schemas } from '@threadline/contracts';
import { z } from 'zod';
import { wordsOf } from './virtual-agent/keywords';

/** Longest text sent as one message: what an agent may send (10 SMS segments of 160). */
const MAX_TEXT = 1600;

const text = z.string().trim().min(1).max(MAX_TEXT);

const keyword = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((value) => wordsOf(value).length > 0, 'must contain a letter or a digit');

const topicId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, - and _ (at most 63)');

/** SPEC: "agent", "human" and the like ask the virtual agent for a person. */
export const DEFAULT_PERSON_KEYWORDS = ['agent', 'human', 'person', 'representative'] as const;

const personKeywords = z
  .array(keyword)
  .min(1)
  .default([...DEFAULT_PERSON_KEYWORDS]);

const handoffMessage = text
  .nullable()
  .default('Let me find a person to help you. Someone will reply here shortly.');

const topicFields = {
  id: topicId,
  /** How the topic is listed in its menu ("2. Payment methods"). */
  title: z.string().trim().min(1).max(200),
  /** Words that pick the topic from anywhere in the conversation ("refund", "opening hours"). */
  keywords: z.array(keyword).default([]),
  /** Sent when the topic is picked. */
  answer: text.nullable().default(null),
  /** Hand the conversation to routing once the topic is picked. */
  handoff: z.boolean().default(false),
};

/** A choice of a topic's own menu: it answers or hands off; it has no menu of its own. */
const choiceSchema = z.object(topicFields).strict();

const topicSchema = z
  .object({
    ...topicFields,
    /** Shown above the topic's own menu; the virtual agent's `menuPrompt` when null. */
    menuPrompt: text.nullable().default(null),
    /** The topic's own numbered menu: the conversation continues inside the topic (R3). */
    choices: z.array(choiceSchema).max(20).default([]),
  })
  .strict();

export type TopicSettings = z.infer<typeof topicSchema>;
export type ChoiceSettings = z.infer<typeof choiceSchema>;

export const builtInVirtualAgentSchema = z
  .object({
    kind: z.literal('builtin'),
    /** The first reply of a conversation. */
    greeting: text,
    /** Shown above the numbered main menu. */
    menuPrompt: text.default('Reply with the number of a topic:'),
    /** The main menu, in this order. */
    topics: z.array(topicSchema).min(1).max(20),
    /** Words that show the main menu again (as does "0"). */
    menuKeywords: z.array(keyword).default(['menu']),
    /** Sent, with the current menu, when a message matches nothing. */
    notUnderstood: text.default('Sorry, I did not understand that.'),
    /** Consecutive messages not understood that make the virtual agent hand over (SPEC: twice). */
    maxMisunderstandings: z.number().int().min(1).max(10).default(2),
    personKeywords,
    /** Sent when the virtual agent hands over (a handoff topic with an answer sends that instead). */
    handoffMessage,
  })
  .strict()
  .superRefine((agent, context) => {
    const seen = new Set<string>();
    const check = (topic: ChoiceSettings & { choices?: ChoiceSettings[] }, path: Array<string | number>) => {
      if (seen.has(topic.id)) {
        context.addIssue({
          code: 'custom',
          path: [...path, 'id'],
          message: `topic id ${topic.id} is used twice`,
        });
      }
      seen.add(topic.id);
      const hasChoices = (topic.choices?.length ?? 0) > 0;
      if (topic.handoff && hasChoices) {
        context.addIssue({ code: 'custom', path, message: 'a handoff topic cannot have choices' });
      }
      if (!topic.handoff && !hasChoices && topic.answer === null) {
        context.addIssue({
          code: 'custom',
          path,
          message: 'a topic needs an answer, choices or handoff: true',
        });
      }
    };
    agent.topics.forEach((topic, index) => {
      check(topic, ['topics', index]);
      topic.choices.forEach((choice, inner) => check(choice, ['topics', index, 'choices', inner]));
    });
  });

export type BuiltInVirtualAgentSettings = z.infer<typeof builtInVirtualAgentSchema>;

export const httpVirtualAgentSchema = z
  .object({
    kind: z.literal('http'),
    /** The company's bot; it answers the JSON protocol of docs/virtual-agent.md. */
    url: z.url({ protocol: /^https?$/ }),
    /** A bot slower than this is unavailable for the turn, and the conversation goes to a person. */
    timeoutMs: z.number().int().min(100).max(30_000).default(5_000),
    /** Sent with every request, e.g. an Authorization header the bot expects. */
    headers: z.record(z.string().min(1), z.string()).default({}),
    /** Checked before the bot is asked, so a request for a person never depends on the bot. */
    personKeywords,
    handoffMessage,
  })
  .strict();

export type HttpVirtualAgentSettings = z.infer<typeof httpVirtualAgentSchema>;

const virtualAgentSchema = z.discriminatedUnion('kind', [builtInVirtualAgentSchema, httpVirtualAgentSchema]);

export type VirtualAgentSettings = z.infer<typeof virtualAgentSchema>;

/** SPEC S2: the keywords carriers expect (CTIA), any case, alone in a message. */
export const DEFAULT_OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'] as const;
export const DEFAULT_OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;
export const DEFAULT_HELP_KEYWORDS = ['HELP', 'INFO'] as const;

const keywordList = z.array(keyword).min(1).max(20);

/** SPEC S2, per company number; a text left out is written from the company name and the keywords. */
const optOutFields = {
  optOutKeywords: keywordList,
  optInKeywords: keywordList,
  helpKeywords: keywordList,
  /** Sent once when a number opts out: the one message an opted-out number receives. */
  optOutConfirmation: text,
  /** Sent once when a number opts back in. */
  optInConfirmation: text,
  /** The answer to a help keyword. */
  helpText: text,
};

const optOutEntrySchema = z
  .object({
    optOutKeywords: optOutFields.optOutKeywords.optional(),
    optInKeywords: optOutFields.optInKeywords.optional(),
    helpKeywords: optOutFields.helpKeywords.optional(),
    optOutConfirmation: optOutFields.optOutConfirmation.optional(),
    optInConfirmation: optOutFields.optInConfirmation.optional(),
    helpText: optOutFields.helpText.optional(),
  })
  .strict();

type OptOutEntry = z.infer<typeof optOutEntrySchema>;

/** A company number's opt-out keywords and texts, every one decided. */
export type OptOutSettings = { [K in keyof typeof optOutFields]: z.infer<(typeof optOutFields)[K]> };

const companyName = z.string().trim().min(1).max(100).nullable();

const numberFields = {
  /** Sent by SMS when a requester-initiated interaction opens (SPEC S1); null sends none. */
  greeting: text.nullable(),
  /** Sent by SMS when a conversation ends (SPEC S1); null sends none. */
  closingMessage: text.nullable(),
  /** SPEC R4: reopen an interaction closed less than this long ago; 0 never does. */
  reopenWindowSeconds: z
    .number()
    .int()
    .min(0)
    .max(365 * 24 * 3600),
  /** SPEC R1: null routes new conversations straight to agents. */
  virtualAgent: virtualAgentSchema.nullable(),
};

const defaultEntrySchema = z
  .object({
    greeting: numberFields.greeting.default(null),
    closingMessage: numberFields.closingMessage.default(null),
    reopenWindowSeconds: numberFields.reopenWindowSeconds.default(0),
    virtualAgent: numberFields.virtualAgent.default(null),
    /** Named in the default opt-out texts ("Acme Support: You are unsubscribed…"); null names nobody. */
    companyName: companyName.default(null),
    optOut: optOutEntrySchema.default({}),
  })
  .strict();

/** A company number's entry: what it leaves out comes from the `default` entry. */
const numberEntrySchema = z
  .object({
    /** For people reading the file ("Billing"); not used otherwise. */
    name: z.string().max(200).optional(),
    greeting: numberFields.greeting.optional(),
    closingMessage: numberFields.closingMessage.optional(),
    reopenWindowSeconds: numberFields.reopenWindowSeconds.optional(),
    virtualAgent: numberFields.virtualAgent.optional(),
    companyName: companyName.optional(),
    /** Field by field over the default entry's `optOut`. */
    optOut: optOutEntrySchema.optional(),
  })
  .strict();

export const companyNumberSettingsSchema = z
  .object({
    /** For people reading the file; not used otherwise. */
    description: z.string().optional(),
    default: defaultEntrySchema.default({
      greeting: null,
      closingMessage: null,
      reopenWindowSeconds: 0,
      virtualAgent: null,
      companyName: null,
      optOut: {},
    }),
    /** Keyed by the company number in E.164. */
    numbers: z.record(schemas.e164, numberEntrySchema).default({}),
  })
  .strict();

/** The settings of one company number, its own entry over the default entry. */
export interface NumberSettings {
  greeting: string | null;
  closingMessage: string | null;
  reopenWindowSeconds: number;
  virtualAgent: VirtualAgentSettings | null;
  /** SPEC S2. */
  optOut: OptOutSettings;
}

export type SettingsParseResult =
  { ok: true; settings: CompanyNumberSettings } | { ok: false; problems: string[] };

/**
 * The per-company-number settings of the interaction service, read once at start-up
 * (INTERACTION_COMPANY_NUMBERS_FILE). Numbers without an entry get the default entry.
 */
export class CompanyNumberSettings {
  // Private fields (#) are not enumerable: the start-up log line prints this object, and the
  // settings may hold a bot's credentials. Only `source` and `virtualAgents` are shown.
  readonly #fallback: NumberSettings;
  readonly #numbers: ReadonlyMap<string, NumberSettings>;
  /** Which numbers have a virtual agent, and of what kind ("+15550100002 (builtin)"). */
  readonly virtualAgents: readonly string[];

  private constructor(
    fallback: NumberSettings,
    numbers: ReadonlyMap<string, NumberSettings>,
    /** Where the settings came from, for the start-up log line. */
    readonly source: string,
  ) {
    this.#fallback = fallback;
    this.#numbers = numbers;
    this.virtualAgents = Object.freeze(
      [...numbers.entries()]
        .filter(([, settings]) => settings.virtualAgent !== null)
        .map(([number, settings]) => `${number} (${settings.virtualAgent!.kind})`),
    );
  }

  /** The built-in settings when no file is configured: no greeting, no closing message, no virtual agent. */
  static defaults(): CompanyNumberSettings {
    const parsed = CompanyNumberSettings.parse({}, 'built-in defaults');
    if (!parsed.ok) throw new Error(`the built-in defaults do not parse: ${parsed.problems.join('; ')}`);
    return parsed.settings;
  }

  /** Checks a settings document; every problem names where it is (`numbers.+15550100002.virtualAgent.url`). */
  static parse(raw: unknown, source: string): SettingsParseResult {
    const result = companyNumberSettingsSchema.safeParse(raw);
    if (!result.success) {
      return {
        ok: false,
        problems: result.error.issues.map(
          (issue) => `${issue.path.map(String).join('.') || '(document)'}: ${issue.message}`,
        ),
      };
    }
    const { default: fallback, numbers } = result.data;
    const merged = new Map<string, NumberSettings>();
    for (const [number, entry] of Object.entries(numbers)) {
      merged.set(
        number,
        deepFreeze({
          greeting: entry.greeting === undefined ? fallback.greeting : entry.greeting,
          closingMessage: entry.closingMessage === undefined ? fallback.closingMessage : entry.closingMessage,
          reopenWindowSeconds: entry.reopenWindowSeconds ?? fallback.reopenWindowSeconds,
          virtualAgent: entry.virtualAgent === undefined ? fallback.virtualAgent : entry.virtualAgent,
          optOut: optOutSettingsOf(
            { ...fallback.optOut, ...entry.optOut },
            entry.companyName === undefined ? fallback.companyName : entry.companyName,
          ),
        }),
      );
    }
    const defaults: NumberSettings = {
      greeting: fallback.greeting,
      closingMessage: fallback.closingMessage,
      reopenWindowSeconds: fallback.reopenWindowSeconds,
      virtualAgent: fallback.virtualAgent,
      optOut: optOutSettingsOf(fallback.optOut, fallback.companyName),
    };
    return { ok: true, settings: new CompanyNumberSettings(deepFreeze(defaults), merged, source) };
  }

  for(companyAddress: string): NumberSettings {
    return this.#numbers.get(companyAddress) ?? this.#fallback;
  }

  /** What a log line shows: where the settings came from and which numbers have a virtual agent, no texts. */
  toJSON(): { source: string; numbers: string[]; virtualAgents: readonly string[] } {
    return { source: this.source, numbers: [...this.#numbers.keys()], virtualAgents: this.virtualAgents };
  }
}

/** SPEC S1: the closing message to send when a conversation on this company number ends, or null. */
export function closingMessageFor(settings: CompanyNumberSettings, companyAddress: string): string | null {
  return settings.for(companyAddress).closingMessage;
}

/** SPEC S1: the greeting to send when a requester opens a conversation on this company number, or null. */
export function greetingFor(settings: CompanyNumberSettings, companyAddress: string): string | null {
  return settings.for(companyAddress).greeting;
}

/**
 * SPEC S2: the keywords and texts of a number, what its entry leaves out taken from the SPEC's
 * lists and from texts that name the company and the keyword that undoes each change.
 */
export function optOutSettingsOf(entry: OptOutEntry, company: string | null): OptOutSettings {
  const optOutKeywords = entry.optOutKeywords ?? [...DEFAULT_OPT_OUT_KEYWORDS];
  const optInKeywords = entry.optInKeywords ?? [...DEFAULT_OPT_IN_KEYWORDS];
  const helpKeywords = entry.helpKeywords ?? [...DEFAULT_HELP_KEYWORDS];
  const from = company === null ? '' : `${company}: `;
  const sender = company ?? 'this number';
  return {
    optOutKeywords,
    optInKeywords,
    helpKeywords,
    optOutConfirmation:
      entry.optOutConfirmation ??
      `${from}You are unsubscribed and will receive no more messages from ${sender}. Reply ${optInKeywords[0]} to resubscribe.`,
    optInConfirmation:
      entry.optInConfirmation ??
      `${from}You are subscribed again to messages from ${sender}. Reply ${optOutKeywords[0]} to unsubscribe.`,
    helpText:
      entry.helpText ??
      `${from}Reply to this message to reach our support team. Reply ${optOutKeywords[0]} to unsubscribe.`,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
