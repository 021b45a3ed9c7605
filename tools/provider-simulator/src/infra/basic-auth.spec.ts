import { parseBasicAuth } from './basic-auth';

const encode = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('parseBasicAuth', () => {
  it('should read the username and password', () => {
    expect(parseBasicAuth(encode('AC1:token'))).toEqual({ username: 'AC1', password: 'token' });
  });

  it('should keep colons inside the password', () => {
    expect(parseBasicAuth(encode('AC1:to:ken'))).toEqual({ username: 'AC1', password: 'to:ken' });
  });

  it.each([undefined, '', 'Bearer abc', 'Basic', encode('no-colon')])('should reject %p', (header) => {
    expect(parseBasicAuth(header)).toBeNull();
  });
});
