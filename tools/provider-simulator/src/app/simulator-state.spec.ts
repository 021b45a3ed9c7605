import { type SimMessage } from '../domain/message';
import { SimulatorState } from './simulator-state';

function outbound(sid: string, to: string): SimMessage {
  const at = new Date();
  return {
    provider: 'twilio',
    sid,
    accountSid: 'AC00000000000000000000000000000001',
    direction: 'outbound-api',
    from: '+15550100001',
    to,
    body: sid,
    mediaUrls: [],
    numSegments: 1,
    status: 'delivered',
    errorCode: null,
    statusCallback: null,
    dateCreated: at,
    dateUpdated: at,
    dateSent: at,
    statusHistory: [],
    webhookAttempts: [],
  };
}

describe('SimulatorState', () => {
  const bootRule = { phone: '+15550009999', status: 'undelivered', errorCode: 30003 } as const;

  it('should list what a phone received, oldest first', () => {
    const state = new SimulatorState([]);
    for (const sid of ['SM1', 'SM2']) {
      const message = outbound(sid, '+15551230001');
      state.addMessage(message);
      state.deliverToInbox(message);
    }
    expect(state.inbox('+15551230001').map((message) => message.sid)).toEqual(['SM1', 'SM2']);
    expect(state.inbox('+15551230002')).toEqual([]);
  });

  it('should list what a phone received in the order the messages were sent, whichever was delivered first', () => {
    const state = new SimulatorState([]);
    const first = outbound('SM1', '+15551230001');
    const second = outbound('SM2', '+15551230001');
    state.addMessage(first);
    state.addMessage(second);
    state.deliverToInbox(second);
    state.deliverToInbox(first);
    expect(state.inbox('+15551230001').map((message) => message.sid)).toEqual(['SM1', 'SM2']);
  });

  it('should list what a company number was asked to send, in arrival order, delivered or not', () => {
    const state = new SimulatorState([]);
    const first = outbound('SM1', '+15551230001');
    const other = { ...outbound('SM2', '+15551230002'), from: '+15550100002' };
    const second = { ...outbound('SM3', '+15551230003'), status: 'queued' as const };
    for (const message of [first, other, second]) state.addMessage(message);
    state.deliverToInbox(first);
    expect(state.sentFrom('+15550100001').map((message) => message.sid)).toEqual(['SM1', 'SM3']);
    expect(state.sentFrom('+15550100009')).toEqual([]);
  });

  it('should list what a phone sent and received, in order, without what never reached it', () => {
    const state = new SimulatorState([]);
    const ada = '+15551230001';
    const texted: SimMessage = { ...outbound('SM1', '+15550100001'), direction: 'inbound', from: ada };
    const reply = outbound('SM2', ada);
    const pending = outbound('SM3', ada);
    const forGrace = outbound('SM4', '+15551230002');
    for (const message of [texted, reply, pending, forGrace]) state.addMessage(message);
    state.deliverToInbox(reply);
    state.deliverToInbox(forGrace);
    expect(state.thread(ada).map((message) => message.sid)).toEqual(['SM1', 'SM2']);
    expect(state.thread('+15551230002').map((message) => message.sid)).toEqual(['SM4']);
  });

  it('should not revive a message delivered after a reset', () => {
    const state = new SimulatorState([]);
    const message = outbound('SM1', '+15551230001');
    state.addMessage(message);
    state.reset();
    state.deliverToInbox(message);
    expect(state.inbox('+15551230001')).toEqual([]);
  });

  it('should return to the failing numbers from the configuration on reset', () => {
    const state = new SimulatorState([bootRule]);
    state.clearFailure(bootRule.phone);
    state.setFailure({ phone: '+15550008888', status: 'failed', errorCode: 30005 });
    state.setWebhook('+15550100001', 'http://127.0.0.1:9/sms');

    state.reset();

    expect(state.failureFor(bootRule.phone)).toEqual(bootRule);
    expect(state.failureFor('+15550008888')).toBeUndefined();
    expect(state.webhookFor('+15550100001')).toBeUndefined();
  });
});
