import type { OutboundPrecheck } from '../api/types';
import {
  MESSAGE_MAX_CHARS,
  type NewSmsForm,
  mayStart,
  messageProblem,
  newSmsErrors,
  precheckKey,
  precheckRequest,
  precheckView,
  segmentLine,
  previewNumber,
  startRequest,
} from './new-sms';

const ada = { userId: 'user-ada', name: 'Ada Lovelace', mobile: '+15551230001' };

function form(overrides: Partial<NewSmsForm> = {}): NewSmsForm {
  return { companyAddress: '+15550100001', to: '555-730-0001', user: null, body: 'Hello', ...overrides };
}

function precheck(overrides: Partial<OutboundPrecheck> = {}): OutboundPrecheck {
  return {
    companyAddress: '+15550100001',
    companyLabel: 'Support',
    requesterAddress: '+15557300001',
    intendedUserId: null,
    rule: 'A1',
    warning: null,
    confirmationRequired: false,
    requester: { userId: 'guest', name: null, profileId: null },
    active: [],
    optedOut: null,
    ...overrides,
  };
}

describe('previewNumber', () => {
  it.each([
    ['(555) 123-0001', '+15551230001'],
    ['555-123-0001', '+15551230001'],
    ['+1 (555) 123-0001', '+15551230001'],
    ['+15551230001', '+15551230001'],
    ['  5557300001 ', '+15557300001'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('reads %p as %p, in the default region without a country code', (typed, e164) => {
    expect(previewNumber(typed)).toEqual({ e164, shown: e164, problem: null });
  });

  it('shows nothing for nothing typed', () => {
    expect(previewNumber('   ')).toEqual({ e164: null, shown: null, problem: null });
  });

  it('shows the E.164 form so far while the number is incomplete', () => {
    expect(previewNumber('555-73')).toEqual({
      e164: null,
      shown: '+155573',
      problem: 'Not a complete phone number yet',
    });
  });

  it('refuses words, as the API does', () => {
    expect(previewNumber('call me maybe')).toMatchObject({ e164: null, problem: 'Not a phone number' });
  });

  it('refuses a number with an extension: an SMS cannot reach one', () => {
    expect(previewNumber('555-123-0001 ext. 12')).toMatchObject({
      e164: null,
      problem: 'An SMS cannot reach an extension',
    });
  });

  it('refuses a number too long for its country', () => {
    expect(previewNumber('555-123-0001-99').e164).toBeNull();
  });

  it('reads the number in another region when asked', () => {
    expect(previewNumber('020 7946 0958', 'GB').e164).toBe('+442079460958');
  });
});

describe('precheckRequest and precheckKey', () => {
  it('asks about the typed number in E.164', () => {
    expect(precheckRequest(form())).toEqual({ companyAddress: '+15550100001', to: '+15557300001' });
  });

  it('asks about a picked user alone (their mobile is texted)', () => {
    expect(precheckRequest(form({ to: '', user: ada }))).toEqual({
      companyAddress: '+15550100001',
      userId: 'user-ada',
    });
  });

  it('asks about both when both are given', () => {
    expect(precheckRequest(form({ user: ada }))).toEqual({
      companyAddress: '+15550100001',
      to: '+15557300001',
      userId: 'user-ada',
    });
  });

  it.each([
    ['no company number', form({ companyAddress: '' })],
    ['neither number nor user', form({ to: '' })],
    ['a number that is not one, even with a user', form({ to: '555', user: ada })],
  ])('asks nothing with %s', (_, given) => {
    expect(precheckRequest(given)).toBeNull();
    expect(precheckKey(given)).toBeNull();
  });

  it('keys on what is asked, not on how the number was typed or the message', () => {
    expect(precheckKey(form({ to: '(555) 730-0001', body: 'other' }))).toBe(precheckKey(form()));
    expect(precheckKey(form({ user: ada }))).not.toBe(precheckKey(form()));
    expect(precheckKey(form({ companyAddress: '+15550100002' }))).not.toBe(precheckKey(form()));
  });
});

describe('messageProblem', () => {
  it('takes a message within the limit', () => {
    expect(messageProblem('Hello')).toBeNull();
    expect(messageProblem('x'.repeat(MESSAGE_MAX_CHARS))).toBeNull();
  });

  it('refuses a blank message', () => {
    expect(messageProblem(' \n ')).toBe('Write the message first');
  });

  it('S4: refuses a message over the API’s segment limit once it is known, counted as the API counts', () => {
    expect(messageProblem('a'.repeat(1530), 10)).toBeNull();
    expect(messageProblem('a'.repeat(1531), 10)).toBe(
      'The message takes 11 SMS segments (GSM-7); at most 10 are sent.',
    );
    expect(messageProblem('Привет '.repeat(20), 2)).toBe(
      'The message takes 3 SMS segments (UCS-2); at most 2 are sent.',
    );
    expect(messageProblem('a'.repeat(1531), null)).toBeNull();
  });

  it('refuses a message over the limit, counted in UTF-16 units', () => {
    expect(messageProblem('😀'.repeat(801))).toBe(`At most ${MESSAGE_MAX_CHARS} characters (1602 now)`);
  });
});

describe('precheckView', () => {
  it('A1: a new conversation, no warning, plain Send', () => {
    const view = precheckView(precheck());
    expect(view).toMatchObject({
      rule: 'A1',
      warning: null,
      confirmationRequired: false,
      sendLabel: 'Send',
      recipient: '+15557300001 (guest: nobody known)',
      via: 'Support +15550100001',
      active: [],
    });
    expect(view.ruleText).toMatch(/new conversation/);
  });

  it('A2: joins the ongoing conversation, naming who handles it', () => {
    const view = precheckView(
      precheck({
        rule: 'A2',
        requester: { userId: 'user-ada', name: 'Ada Lovelace', profileId: 'p1' },
        active: [
          {
            interactionId: 'i1',
            state: 'work_in_progress',
            handledBy: 'agents',
            assigneeId: 'bob-id',
            assigneeName: 'Bob',
            requesterUserId: 'user-ada',
            requesterName: 'Ada Lovelace',
          },
        ],
      }),
    );
    expect(view.sendLabel).toBe('Send');
    expect(view.warning).toBeNull();
    expect(view.recipient).toBe('+15557300001 (Ada Lovelace)');
    expect(view.active).toEqual([
      { interactionId: 'i1', state: 'In progress', handledBy: 'Bob', requester: 'Ada Lovelace' },
    ]);
  });

  it('A2 with nobody holding it yet says it waits', () => {
    const view = precheckView(
      precheck({
        rule: 'A2',
        active: [
          {
            interactionId: 'i1',
            state: 'new',
            handledBy: 'agents',
            assigneeId: null,
            assigneeName: null,
            requesterUserId: 'guest',
            requesterName: null,
          },
        ],
      }),
    );
    expect(view.active[0]).toMatchObject({
      state: 'New',
      handledBy: 'Waiting for an agent',
      requester: 'guest: nobody known',
    });
  });

  it('A3: the virtual agent’s conversation, warned, Send anyway', () => {
    const view = precheckView(
      precheck({
        rule: 'A3',
        warning: 'The virtual agent is talking with them; sending closes that conversation.',
        confirmationRequired: true,
        active: [
          {
            interactionId: 'i2',
            state: 'work_in_progress',
            handledBy: 'virtual_agent',
            assigneeId: null,
            assigneeName: null,
            requesterUserId: 'guest',
            requesterName: null,
          },
        ],
      }),
    );
    expect(view).toMatchObject({
      rule: 'A3',
      warning: 'The virtual agent is talking with them; sending closes that conversation.',
      confirmationRequired: true,
      sendLabel: 'Send anyway',
    });
    expect(view.active[0]?.handledBy).toBe('The virtual agent');
  });

  it('A4: about someone else, warned, Send anyway; our own words when the API gives none', () => {
    const view = precheckView(precheck({ rule: 'A4', warning: null, confirmationRequired: true }));
    expect(view.sendLabel).toBe('Send anyway');
    expect(view.warning).toMatch(/about someone else/);
  });
});

describe('S2: an opted-out number in the pre-check', () => {
  const optedOut = { since: '2026-12-01T10:00:00.000Z', source: 'keyword' as const, keyword: 'STOP' };

  it('S2: warns that the number texted STOP and that sending is refused', () => {
    expect(precheckView(precheck()).optedOut).toBeNull();
    expect(precheckView(precheck({ optedOut })).optedOut).toMatch(/texted STOP.*Sending is refused/);
    expect(
      precheckView(precheck({ optedOut: { ...optedOut, source: 'provider', keyword: null } })).optedOut,
    ).toMatch(/opted out with their carrier/);
  });

  it('S2: Send stays off for an opted-out number', () => {
    expect(mayStart(form(), precheckKey(form()), null, precheck({ optedOut }))).toBe(false);
    expect(mayStart(form(), precheckKey(form()), null, precheck())).toBe(true);
  });
});

describe('mayStart and startRequest', () => {
  it('may send once the pre-check answered these inputs and the message is fine', () => {
    expect(mayStart(form(), precheckKey(form()))).toBe(true);
  });

  it('may not send before a pre-check, after the inputs changed, or with a bad message', () => {
    expect(mayStart(form(), null)).toBe(false);
    expect(mayStart(form({ to: '555-730-0002' }), precheckKey(form()))).toBe(false);
    expect(mayStart(form({ body: '  ' }), precheckKey(form()))).toBe(false);
  });

  it('sends the checked recipient and the message; no acknowledgement for A1/A2', () => {
    expect(startRequest(form({ user: ada }), precheck(), 'c1')).toEqual({
      companyAddress: '+15550100001',
      to: '+15557300001',
      userId: 'user-ada',
      body: 'Hello',
      clientMessageId: 'c1',
      acknowledgeWarning: false,
    });
  });

  it('acknowledges the warning when the pre-check asked for it (A3/A4)', () => {
    expect(startRequest(form(), precheck({ rule: 'A4', confirmationRequired: true }), 'c1')).toMatchObject({
      acknowledgeWarning: true,
    });
  });

  it('leaves the id to the API when the browser cannot make one', () => {
    expect(startRequest(form(), precheck(), null)).not.toHaveProperty('clientMessageId');
  });

  it('throws for a form with no recipient', () => {
    expect(() => startRequest(form({ to: '' }), precheck(), 'c1')).toThrow();
  });
});

describe('newSmsErrors', () => {
  const error = (code: string, fieldProblems: { path: string; message: string }[] = []) => ({
    code,
    message: `${code} message`,
    fieldProblems,
  });

  it.each([
    ['PHONE_NUMBER_INVALID', 'to'],
    ['USER_HAS_NO_MOBILE', 'userId'],
    ['USER_NOT_FOUND', 'userId'],
    ['USER_INACTIVE', 'userId'],
    ['COMPANY_NUMBER_NOT_ALLOWED', 'companyAddress'],
  ])('puts %s beside %s', (code, field) => {
    expect(newSmsErrors(error(code))).toEqual({ byField: { [field]: `${code} message` }, general: [] });
  });

  it('puts PHONE_NUMBER_INVALID beside the number its details name', () => {
    expect(
      newSmsErrors({ ...error('PHONE_NUMBER_INVALID'), details: { field: 'companyAddress' } }).byField,
    ).toEqual({
      companyAddress: 'PHONE_NUMBER_INVALID message',
    });
    expect(newSmsErrors({ ...error('PHONE_NUMBER_INVALID'), details: { field: 'other' } }).byField).toEqual({
      to: 'PHONE_NUMBER_INVALID message',
    });
  });

  it('puts VALIDATION_FAILED paths beside their fields, the rest above', () => {
    expect(
      newSmsErrors(
        error('VALIDATION_FAILED', [
          { path: 'body', message: 'must not be empty' },
          { path: 'clientMessageId', message: 'must be a uuid' },
        ]),
      ),
    ).toEqual({ byField: { body: 'must not be empty' }, general: ['clientMessageId: must be a uuid'] });
  });

  it('puts anything else above the form', () => {
    expect(newSmsErrors(error('DEPENDENCY_UNAVAILABLE'))).toEqual({
      byField: {},
      general: ['DEPENDENCY_UNAVAILABLE message'],
    });
  });
});

describe('segmentLine', () => {
  it('says what an empty message may hold', () => {
    expect(segmentLine('')).toBe('0 SMS (up to 160 characters in one)');
  });

  it('counts GSM-7 and UCS-2 messages and what is left', () => {
    expect(segmentLine('Hello')).toBe('1 SMS (GSM-7), 155 left in this one');
    expect(segmentLine('x'.repeat(161))).toBe('2 SMS (GSM-7), 145 left in this one');
    expect(segmentLine('Héllo 😀')).toBe('1 SMS (UCS-2), 62 left in this one');
  });
});
