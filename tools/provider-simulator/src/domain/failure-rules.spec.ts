import { parseFailureRules } from './failure-rules';

describe('parseFailureRules', () => {
  it('should read every phone:status:errorCode entry', () => {
    expect(parseFailureRules('+15550009999:undelivered:30003,+15550008888:failed:30005')).toEqual([
      { phone: '+15550009999', status: 'undelivered', errorCode: 30003 },
      { phone: '+15550008888', status: 'failed', errorCode: 30005 },
    ]);
  });

  it('should read nothing from an empty value', () => {
    expect(parseFailureRules('')).toEqual([]);
  });

  it('should tolerate spaces and a trailing comma', () => {
    expect(parseFailureRules(' +15550009999 : failed : 30005 , ')).toEqual([
      { phone: '+15550009999', status: 'failed', errorCode: 30005 },
    ]);
  });

  it.each([
    ['15550009999:failed:30005', 'a number without +'],
    ['+15550009999:delivered:30005', 'a status that is not a failure'],
    ['+15550009999:failed', 'a missing error code'],
    ['+15550009999:failed:abc', 'a non-numeric error code'],
    ['+15550009999:failed:30005:x', 'an extra part'],
  ])('should reject %s (%s) naming the entry', (entry) => {
    expect(() => parseFailureRules(`+15550008888:failed:30005,${entry}`)).toThrow(/^entry 2 /);
  });
});
