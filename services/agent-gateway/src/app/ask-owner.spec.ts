import { queries } from '@threadline/contracts';
import { AppError, QueryError } from '@threadline/platform';
import { askOwner, type QueryAsker, toAgentError } from './ask-owner';

function failingWith(error: Error): QueryAsker {
  return { ask: () => Promise.reject(error) };
}

const request = { workItemId: '01970000-0000-7000-8000-0000000000d1', agentId: 'agent-1' };

describe('errors of a command owner, as agents see them', () => {
  it.each([
    ['OFFER_NOT_FOUND', 404],
    ['OFFER_ALREADY_ACCEPTED', 409],
    ['OFFER_NOT_YOURS', 409],
    ['NOT_ASSIGNEE', 403],
  ])('passes on the owner’s refusal %s with its status %d', async (code, status) => {
    const attempt = askOwner(
      failingWith(new QueryError(code, 'refused', { why: 1 }, status)),
      queries.acceptOffer,
      request,
    );
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code, status, details: { why: 1 } });
  });

  it.each(['QUERY_NO_RESPONDERS', 'QUERY_TIMEOUT'])(
    'answers %s as 503 DEPENDENCY_UNAVAILABLE naming the owner',
    (code) => {
      expect(toAgentError(new QueryError(code, 'nobody'), queries.acceptOffer)).toMatchObject({
        code: 'DEPENDENCY_UNAVAILABLE',
        status: 503,
        details: { dependency: 'routing', reason: code },
      });
    },
  );

  it('keeps the owner’s internal errors and broken answers internal', () => {
    const internal = new QueryError('INTERNAL_ERROR', 'internal error');
    const invalid = new QueryError('QUERY_RESPONSE_INVALID', 'bad answer');
    expect(toAgentError(internal, queries.sendMessage)).toBe(internal);
    expect(toAgentError(invalid, queries.sendMessage)).toBe(invalid);
  });

  it('returns the answer when the owner accepts', async () => {
    const answer = { ...request, interactionId: '01970000-0000-7000-8000-0000000000c1' };
    const asker: QueryAsker = { ask: (query) => Promise.resolve(query.response.parse(answer)) };
    await expect(askOwner(asker, queries.acceptOffer, request)).resolves.toEqual(answer);
  });
});
