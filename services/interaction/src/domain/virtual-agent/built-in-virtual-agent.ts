import { z } from 'zod';
import type { BuiltInVirtualAgentSettings, ChoiceSettings, TopicSettings } from '../company-number-settings';
import { choiceNumberOf, containsAnyKeyword, wordsOf } from './keywords';
import type {
  HandoffReason,
  JsonValue,
  VirtualAgent,
  VirtualAgentDecision,
  VirtualAgentTurn,
} from './virtual-agent';

/** What the built-in virtual agent remembers between messages (kept on the interaction). */
export const builtInStateSchema = z.object({
  /** Whether the greeting was sent. */
  started: z.boolean(),
  /** The topic whose menu the requester is in; null for the main menu. */
  topic: z.string().nullable(),
  /** Messages in a row that matched nothing. */
  misunderstandings: z.number().int().min(0),
});

export type BuiltInState = z.infer<typeof builtInStateSchema>;

export const INITIAL_STATE: BuiltInState = { started: false, topic: null, misunderstandings: 0 };

export interface BuiltInDecision extends VirtualAgentDecision {
  nextState: BuiltInState;
}

interface Located {
  topic: TopicSettings | ChoiceSettings;
  /** The topic whose menu lists it; null for the main menu. */
  menu: TopicSettings | null;
}

/** Every topic and choice with the menu it is listed in, main menu first, in menu order. */
function allTopics(config: BuiltInVirtualAgentSettings): Located[] {
  return [
    ...config.topics.map((topic) => ({ topic, menu: null })),
    ...config.topics.flatMap((topic) => topic.choices.map((choice) => ({ topic: choice, menu: topic }))),
  ];
}

function hasMenu(topic: TopicSettings | ChoiceSettings): topic is TopicSettings {
  return 'choices' in topic && topic.choices.length > 0;
}

function menuText(config: BuiltInVirtualAgentSettings, menu: TopicSettings | null): string {
  const prompt = menu?.menuPrompt ?? config.menuPrompt;
  const choices = menu ? menu.choices : config.topics;
  return [prompt, ...choices.map((choice, index) => `${index + 1}. ${choice.title}`)].join('\n');
}

function matchByKeyword(words: readonly string[], candidates: readonly Located[]): Located | undefined {
  return candidates.find((candidate) => containsAnyKeyword(words, candidate.topic.keywords));
}

/**
 * The built-in virtual agent's rules, one requester message at a time. Pure: the same state,
 * message and configuration always give the same decision.
 *
 * In this order:
 * 1. a person keyword ("agent", "human", ... as whole words, any case) hands over (`requested_person`);
 * 2. the first message gets the greeting, then the topic its keywords name, or else the main menu;
 * 3. a number picks that entry of the current menu; "0" or a menu keyword shows the main menu;
 * 4. keywords pick a topic, those of the current menu first, then any topic;
 * 5. anything else is not understood: the current menu again, and after `maxMisunderstandings`
 *    in a row (2) a handoff (`not_understood`).
 * A picked topic answers and stays in its menu, opens its own menu (the conversation continues in
 * that topic, R3), or hands over when it says so (`topic_handoff`). Anything understood resets the
 * count of misunderstandings.
 */
export function decideBuiltIn(
  state: BuiltInState | null,
  message: string,
  config: BuiltInVirtualAgentSettings,
): BuiltInDecision {
  const current = state ?? INITIAL_STATE;
  const words = wordsOf(message);
  const topics = allTopics(config);
  // A topic removed from the configuration since: back to the main menu.
  const menu = config.topics.find((topic) => topic.id === current.topic && hasMenu(topic)) ?? null;
  const at = (topic: TopicSettings | null): BuiltInState => ({
    started: true,
    topic: topic?.id ?? null,
    misunderstandings: 0,
  });
  const handOver = (reason: HandoffReason, reply: string | null, next: BuiltInState): BuiltInDecision => ({
    replies: reply === null ? [] : [reply],
    nextState: next,
    handoff: { reason },
  });
  const pick = (found: Located, before: string[]): BuiltInDecision => {
    const { topic } = found;
    if (topic.handoff) {
      const decision = handOver('topic_handoff', topic.answer ?? config.handoffMessage, at(found.menu));
      return {
        ...decision,
        replies: [...before, ...decision.replies],
        handoff: { reason: 'topic_handoff', topic: topic.id },
      };
    }
    const answer = topic.answer === null ? [] : [topic.answer];
    if (hasMenu(topic)) {
      return { replies: [...before, ...answer, menuText(config, topic)], nextState: at(topic) };
    }
    return { replies: [...before, ...answer], nextState: at(found.menu) };
  };

  if (containsAnyKeyword(words, config.personKeywords)) {
    return handOver('requested_person', config.handoffMessage, { ...current, started: true });
  }

  if (!current.started) {
    const named = matchByKeyword(words, topics);
    if (named) return pick(named, [config.greeting]);
    return { replies: [config.greeting, menuText(config, null)], nextState: at(null) };
  }

  const number = choiceNumberOf(message);
  if (number === 0 || (number === null && containsAnyKeyword(words, config.menuKeywords))) {
    return { replies: [menuText(config, null)], nextState: at(null) };
  }
  const choices: Array<TopicSettings | ChoiceSettings> = menu ? menu.choices : config.topics;
  if (number !== null && number >= 1 && number <= choices.length) {
    return pick({ topic: choices[number - 1]!, menu }, []);
  }
  if (number === null) {
    const inMenu = choices.map((topic) => ({ topic, menu }));
    const named = matchByKeyword(words, inMenu) ?? matchByKeyword(words, topics);
    if (named) return pick(named, []);
  }

  const misunderstandings = current.misunderstandings + 1;
  const next: BuiltInState = { started: true, topic: menu?.id ?? null, misunderstandings };
  if (misunderstandings >= config.maxMisunderstandings) {
    return handOver('not_understood', config.handoffMessage, next);
  }
  return { replies: [config.notUnderstood, menuText(config, menu)], nextState: next };
}

/** The state kept on the interaction, or a fresh start when it is missing or not this agent's. */
export function builtInStateOf(state: JsonValue | null): BuiltInState | null {
  const parsed = builtInStateSchema.safeParse(state);
  return parsed.success ? parsed.data : null;
}

/** SPEC "Virtual agent": the built-in topics, menus and FAQ answers of a company number. */
export class BuiltInVirtualAgent implements VirtualAgent {
  constructor(private readonly config: BuiltInVirtualAgentSettings) {}

  respond(turn: VirtualAgentTurn): Promise<VirtualAgentDecision> {
    return Promise.resolve(decideBuiltIn(builtInStateOf(turn.state), turn.message.body, this.config));
  }
}
