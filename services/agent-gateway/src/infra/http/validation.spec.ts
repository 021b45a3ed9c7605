import { AppError } from '@threadline/platform';
import { parseId, parseWith } from './validation';
import { sendMessageRequest } from './requests';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('request validation', () => {
  it('answers an empty reply with VALIDATION_FAILED naming the field', () => {
    const error = thrown(() => parseWith(sendMessageRequest, { body: '   ' }, 'the message'));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: [{ path: 'body', message: 'must not be empty' }],
    });
  });

  it('refuses a client message id that is not a uuid', () => {
    expect(
      thrown(() => parseWith(sendMessageRequest, { body: 'hi', clientMessageId: '7' }, 'the message')),
    ).toMatchObject({
      details: [{ path: 'clientMessageId' }],
    });
  });

  it('refuses a path id that is not a uuid with a 400', () => {
    expect(thrown(() => parseId('not-a-uuid', 'interaction id'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
    });
    expect(parseId('01970000-0000-7000-8000-0000000000c1', 'interaction id')).toBe(
      '01970000-0000-7000-8000-0000000000c1',
    );
  });
});
