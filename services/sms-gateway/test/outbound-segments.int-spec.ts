import { eventually } from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { Gateway, sendCommand } from './support/gateway';

describe('sms-gateway: the encoding and segments of every outbound message (S4)', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await Gateway.start();
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  async function recorded(outboundId: string) {
    return eventually(async () => {
      const [row] = await gateway.query<{ encoding: string; segments: number }>(
        `SELECT encoding, segments FROM outbound_message WHERE id = $1`,
        [outboundId],
      );
      expect(row).toBeDefined();
      return row!;
    });
  }

  it('S4: records GSM-7 with extension characters counting double (158 plain + 2 € = 162 septets: 2 parts)', async () => {
    const marker = uuidv7(); // 36 GSM-7 characters
    const command = sendCommand({ body: `${marker}${'a'.repeat(122)}€€` });
    await gateway.publish(command);

    expect(await recorded(command.data.outboundId)).toEqual({ encoding: 'GSM-7', segments: 2 });
  });

  it('S4: records UCS-2 when the text has an emoji (a surrogate pair takes two of 70 units)', async () => {
    const marker = uuidv7();
    const single = sendCommand({ body: `${marker}${'a'.repeat(32)}👋` }); // 36 + 32 + 2 = 70 units
    const split = sendCommand({ body: `${marker}${'a'.repeat(33)}👋` }); // 71 units: 2 parts
    await gateway.publish(single);
    await gateway.publish(split);

    expect(await recorded(single.data.outboundId)).toEqual({ encoding: 'UCS-2', segments: 1 });
    expect(await recorded(split.data.outboundId)).toEqual({ encoding: 'UCS-2', segments: 2 });
  });

  it('S4: records the count also for a send refused before the provider (a number we do not use)', async () => {
    const command = sendCommand({ from: '+15550109999', body: `Hello ${uuidv7()}` });
    await gateway.publish(command);

    expect(await recorded(command.data.outboundId)).toEqual({ encoding: 'GSM-7', segments: 1 });
  });
});
