import { messagingActionNote } from './messaging-action';

describe('messagingActionNote (SPEC M5, S1)', () => {
  it('reassign names the action that took the conversation back to the queue', () => {
    expect(messagingActionNote({ kind: 'reassign' }, 'Idle agent')).toBe(
      'No reply in time: messaging action "Idle agent" took the conversation back to the queue.',
    );
  });

  it('set state says which final state the action closed it in', () => {
    expect(messagingActionNote({ kind: 'set_state', state: 'closed_abandoned' }, 'Gone quiet')).toBe(
      'Messaging action "Gone quiet" closed the conversation as abandoned.',
    );
    expect(messagingActionNote({ kind: 'set_state', state: 'closed_complete' }, 'Done')).toBe(
      'Messaging action "Done" closed the conversation as complete.',
    );
  });

  it('an action without a name (an older producer) is "a messaging action"', () => {
    expect(messagingActionNote({ kind: 'reassign' }, undefined)).toBe(
      'No reply in time: a messaging action took the conversation back to the queue.',
    );
    expect(messagingActionNote({ kind: 'set_state', state: 'closed_abandoned' }, '  ')).toBe(
      'A messaging action closed the conversation as abandoned.',
    );
  });

  it('any other state is named in words (the state machine refuses it before a note is written)', () => {
    expect(messagingActionNote({ kind: 'set_state', state: 'on_hold' }, 'X')).toBe(
      'Messaging action "X" set the conversation to on hold.',
    );
  });
});
