import { asWebhookForm, blankFields, formField, isFromAccount } from './webhook-form';

describe('webhook forms', () => {
  it.each([undefined, null, 'MessageSid=SM1', 42, ['a']])('reads %j as a form without fields', (body) => {
    expect(asWebhookForm(body)).toEqual({});
  });

  it('reads a parsed form, including one without a prototype as querystring makes', () => {
    const parsed: Record<string, unknown> = Object.create(null);
    parsed.MessageSid = 'SM1';
    expect(formField(asWebhookForm(parsed), 'MessageSid')).toBe('SM1');
  });

  it('treats a repeated field as absent', () => {
    expect(formField({ To: ['+15550100001', '+15550100002'] }, 'To')).toBeUndefined();
  });

  it('lists absent and blank fields in the order asked', () => {
    expect(blankFields({ A: 'x', B: '  ', D: 'y' }, ['D', 'C', 'B', 'A'])).toEqual(['C', 'B']);
  });

  it('knows its account by the exact AccountSid', () => {
    const ours = 'AC00000000000000000000000000000001';
    expect(isFromAccount({ AccountSid: ours }, ours)).toBe(true);
    expect(isFromAccount({ AccountSid: 'AC00000000000000000000000000000002' }, ours)).toBe(false);
    expect(isFromAccount({}, ours)).toBe(false);
  });
});
