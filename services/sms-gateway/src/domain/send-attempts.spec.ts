import { sendAttempt, sendMaxDeliver } from './send-attempts';

describe('sendAttempt (S3: transient provider failures are retried up to a limit)', () => {
  it('sends on the first delivery without asking the provider first', () => {
    expect(sendAttempt(1, 6)).toEqual({ lookUpFirst: false, maySend: true, isLast: false });
  });

  it('asks the provider whether it already has the message before every later attempt', () => {
    for (const delivery of [2, 3, 5]) {
      expect(sendAttempt(delivery, 6)).toEqual({ lookUpFirst: true, maySend: true, isLast: false });
    }
  });

  it('makes the last allowed attempt final: a transient failure then records failed', () => {
    expect(sendAttempt(6, 6)).toEqual({ lookUpFirst: true, maySend: true, isLast: true });
  });

  it('never sends after the attempts ran out, but still looks for an earlier attempt', () => {
    expect(sendAttempt(7, 6)).toEqual({ lookUpFirst: true, maySend: false, isLast: true });
  });

  it('with one attempt allowed, the first is the last', () => {
    expect(sendAttempt(1, 1)).toEqual({ lookUpFirst: false, maySend: true, isLast: true });
  });

  it('lets JetStream deliver once more than there are attempts, to record the failure', () => {
    expect(sendMaxDeliver(6)).toBe(7);
  });
});
