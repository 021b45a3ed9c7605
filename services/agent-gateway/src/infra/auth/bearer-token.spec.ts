import { bearerToken, upgradeToken } from './bearer-token';

describe('bearer tokens', () => {
  it('reads the token of a Bearer authorization header', () => {
    expect(bearerToken({ authorization: 'Bearer abc.def.ghi' })).toBe('abc.def.ghi');
    expect(bearerToken({ authorization: 'bearer abc' })).toBe('abc');
  });

  it('ignores other schemes and empty headers', () => {
    expect(bearerToken({ authorization: 'Basic dXNlcjpwYXNz' })).toBeUndefined();
    expect(bearerToken({ authorization: 'Bearer ' })).toBeUndefined();
    expect(bearerToken({})).toBeUndefined();
  });

  it('takes a socket’s token from the query when there is no header', () => {
    const url = new URL('http://host/ws?access_token=from-query');
    expect(upgradeToken({}, url)).toBe('from-query');
    expect(upgradeToken({ authorization: 'Bearer from-header' }, url)).toBe('from-header');
    expect(upgradeToken({}, new URL('http://host/ws?access_token='))).toBeUndefined();
  });
});
