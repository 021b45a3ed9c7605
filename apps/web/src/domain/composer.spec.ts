import { isSendShortcut, REPLY_MAX_LENGTH, replyProblem, segmentLine } from './composer';

describe('segmentLine', () => {
  it('counts an empty reply as no segment', () => {
    expect(segmentLine('')).toBe('0 segments · GSM-7 · 160 left');
  });

  it('shows one GSM-7 segment and what is left of it', () => {
    expect(segmentLine('Hello')).toBe('1 segment · GSM-7 · 155 left');
  });

  it('switches to UCS-2 for a character outside GSM-7, and splits into parts', () => {
    expect(segmentLine('ü'.repeat(3) + '✓'.repeat(70))).toBe('2 segments · UCS-2 · 61 left');
  });
});

describe('replyProblem', () => {
  it('S4: refuses a reply over the segment limit the API gave, naming the count and encoding', () => {
    const limited = { state: 'work_in_progress' as const, assigneeId: 'a-1', agentId: 'a-1', maxSegments: 2 };
    expect(replyProblem('a'.repeat(306), limited)).toBeNull();
    expect(replyProblem(`${'a'.repeat(305)}€`, limited)).toBe(
      'The message takes 3 SMS segments (GSM-7); at most 2 are sent.',
    );
  });

  const mine = { state: 'work_in_progress' as const, assigneeId: 'a-1', agentId: 'a-1' };

  it('accepts a reply to a conversation the agent holds', () => {
    expect(replyProblem('Hi there', mine)).toBeNull();
    expect(replyProblem('Hi', { ...mine, state: 'on_hold' })).toBeNull();
  });

  it('S2: refuses any reply to a requester who opted out, saying how they opt back in', () => {
    expect(replyProblem('Hi there', { ...mine, optedOut: true })).toMatch(/opted out.*START/);
    expect(replyProblem('Hi there', { ...mine, optedOut: false })).toBeNull();
  });

  it('refuses an empty or blank reply', () => {
    expect(replyProblem('', mine)).toMatch(/Write a reply/);
    expect(replyProblem(' \n\t ', mine)).toMatch(/Write a reply/);
  });

  it('refuses a reply over the API limit, saying by how much', () => {
    expect(replyProblem('x'.repeat(REPLY_MAX_LENGTH), mine)).toBeNull();
    expect(replyProblem('x'.repeat(REPLY_MAX_LENGTH + 3), mine)).toBe(
      `The reply is 3 characters too long (at most ${REPLY_MAX_LENGTH}).`,
    );
  });

  it('counts UTF-16 units as the API does', () => {
    expect(replyProblem('😀'.repeat(REPLY_MAX_LENGTH / 2), mine)).toBeNull();
    expect(replyProblem('😀'.repeat(REPLY_MAX_LENGTH / 2) + 'x', mine)).toMatch(/1 characters too long/);
  });

  it('refuses a closed conversation before anything else', () => {
    expect(replyProblem('Hi', { ...mine, state: 'closed_complete' })).toMatch(/ended/);
    expect(replyProblem('', { ...mine, state: 'closed_abandoned' })).toMatch(/ended/);
  });

  it('refuses a conversation that is not the agent’s', () => {
    expect(replyProblem('Hi', { ...mine, assigneeId: 'a-2' })).toMatch(/not yours/);
    expect(replyProblem('Hi', { ...mine, assigneeId: null })).toMatch(/not yours/);
  });
});

describe('isSendShortcut', () => {
  it('sends on Ctrl+Enter or Cmd+Enter only', () => {
    expect(isSendShortcut({ key: 'Enter', ctrlKey: true, metaKey: false })).toBe(true);
    expect(isSendShortcut({ key: 'Enter', ctrlKey: false, metaKey: true })).toBe(true);
    expect(isSendShortcut({ key: 'Enter', ctrlKey: false, metaKey: false })).toBe(false);
    expect(isSendShortcut({ key: 'a', ctrlKey: true, metaKey: false })).toBe(false);
  });
});
