import {
  asWebhookForm,
  blankFields,
  formField,
  isFromAccount,
  repeatedFields,
  repeatedFieldsRejection,
} from './webhook-form';

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

  it('lists repeated fields in the order asked, whatever their values', () => {
    expect(repeatedFields({ A: ['x', 'x'], B: 'y', C: ['', 'z'] }, ['C', 'B', 'A', 'D'])).toEqual(['C', 'A']);
  });

  it('refuses repeated fields with their own code, naming them', () => {
    expect(repeatedFieldsRejection(['From', 'To'])).toEqual({
      code: 'WEBHOOK_FIELD_REPEATED',
      message: 'webhook field(s) sent more than once: From, To',
      details: { fields: ['From', 'To'] },
    });
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
