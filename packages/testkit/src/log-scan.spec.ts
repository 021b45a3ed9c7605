import { findLogLeaks } from './log-scan';

const JWT_SECRET = { label: 'AUTH_JWT_SECRET', value: 'a-jwt-secret-of-forty-characters-or-so!!' };
const TOKEN = { label: 'access token', value: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl' };
const PASSWORD = { label: 'demo password', value: 'threadline-demo' };
const ADA = '+15551230001';

describe('findLogLeaks', () => {
  it('finds nothing in a clean log: masked numbers, other text, no secret', () => {
    const clean = {
      'sms-gateway': [
        '{"level":"info","message":"inbound SMS","from":"+*******0001","to":"+*******0001"}',
        '{"level":"info","message":"listening","url":"http://127.0.0.1:3001"}',
      ],
      'agent-gateway': [
        '{"level":"info","message":"agent logged in","agentId":"01970000-0000-7000-8000-00000000a001"}',
      ],
    };
    expect(findLogLeaks(clean, [JWT_SECRET, TOKEN, PASSWORD], [ADA])).toEqual([]);
  });

  it('finds each secret as it is, JSON-escaped and URL-encoded, naming it without its value', () => {
    const quoted = { label: 'operator token', value: 'op"token\\with-quotes' };
    const leaks = findLogLeaks(
      {
        'agent-gateway': [
          `{"message":"login failed","body":{"password":"${PASSWORD.value}"}}`,
          `{"message":"upgrade","url":"/ws?access_token=${encodeURIComponent(TOKEN.value)}"}`,
        ],
        'sms-gateway': [`{"message":"config","token":${JSON.stringify(quoted.value)}}`, 'plain stderr text'],
      },
      [JWT_SECRET, TOKEN, PASSWORD, quoted],
      [],
    );
    expect(leaks).toEqual([
      {
        process: 'agent-gateway',
        line: 1,
        what: 'demo password',
        excerpt: expect.stringContaining('[demo password]'),
      },
      {
        process: 'agent-gateway',
        line: 2,
        what: 'access token',
        excerpt: expect.stringContaining('[access token]'),
      },
      {
        process: 'sms-gateway',
        line: 1,
        what: 'operator token',
        excerpt: expect.stringContaining('[operator token]'),
      },
    ]);
    for (const leak of leaks) expect(leak.excerpt).not.toContain(PASSWORD.value);
  });

  it('finds a phone number written whole in any format, and not its masked form', () => {
    const leaks = findLogLeaks(
      {
        profile: [
          '{"message":"lookup","phone":"+15551230001"}',
          'Error: no user for (555) 123-0001',
          '{"message":"digits","value":"5551230001"}',
          '{"message":"masked","phone":"+*******0001"}',
          '{"message":"another","phone":"+15551230002"}',
        ],
      },
      [],
      [ADA],
    );
    expect(leaks.map((leak) => [leak.line, leak.what])).toEqual([
      [1, 'phone number ending 0001'],
      [2, 'phone number ending 0001'],
      [3, 'phone number ending 0001'],
    ]);
  });

  it('shows where in a long line the leak sat', () => {
    const line = `{"padding":"${'x'.repeat(400)}","config":{"JWT":"${JWT_SECRET.value}"},"tail":"${'y'.repeat(400)}"}`;
    const [leak] = findLogLeaks({ 'agent-gateway': [line] }, [JWT_SECRET], []);
    expect(leak?.excerpt).toMatch(/^….*"JWT":"\[AUTH_JWT_SECRET\]".*…$/);
    expect(leak?.excerpt.length).toBeLessThan(300);
  });

  it('refuses a secret too short to look for', () => {
    expect(() => findLogLeaks({}, [{ label: 'PIN', value: '1234' }], [])).toThrow(/PIN is 4 characters/);
  });
});
