import { z } from 'zod';
import { defineQuery } from './queries';

describe('defineQuery', () => {
  it('keeps the subject and schemas', () => {
    const query = defineQuery(
      'profile.requester.resolve.v1',
      'Who is behind a number',
      z.object({ address: z.string() }),
      z.object({ userId: z.string() }),
    );
    expect(query.subject).toBe('profile.requester.resolve.v1');
    expect(query.request.parse({ address: '+15551230001' })).toEqual({ address: '+15551230001' });
  });

  it.each([
    'profile.resolve',
    'Profile.requester.resolve.v1',
    'profile.requester.resolve.v0',
    'profile.requester.resolve',
  ])('refuses the subject %s', (subject) => {
    expect(() => defineQuery(subject, '', z.object({}), z.object({}))).toThrow(/must be <domain>/);
  });
});
