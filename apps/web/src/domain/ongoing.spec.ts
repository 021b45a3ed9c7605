import type { ConversationSummary } from '../api/types';
import { appPathOfClick, formatActivity, ongoingRowView } from './ongoing';

const summary: ConversationSummary = {
  interactionId: 'i-1',
  state: 'on_hold',
  assigneeId: 'a-1',
  requesterAddress: '+15551230001',
  companyAddress: '+15550100001',
  requesterUserId: 'u-1',
  profileId: null,
  identityConflict: false,
  identityConflictReason: null,
  firstMessage: 'My order is late',
  lastActivityAt: new Date(2026, 2, 1, 14, 5).toISOString(),
  unreadCount: 0,
  createdAt: new Date(2026, 2, 1, 14, 0).toISOString(),
};
const today = new Date(2026, 2, 1, 18, 0).toDateString();

describe('ongoingRowView', () => {
  it('shows who, to which number, the state, the time and the first message', () => {
    const view = ongoingRowView(summary, undefined, today);
    expect(view).toMatchObject({
      interactionId: 'i-1',
      requester: '+15551230001',
      company: '+15550100001',
      state: 'On hold',
      snippet: 'My order is late',
      unread: 0,
      unreadText: null,
    });
    expect(view.lastActivity).toMatch(/05/);
  });

  it('names the requester by user id without a number, and says what is unread', () => {
    const view = ongoingRowView({ ...summary, requesterAddress: null, unreadCount: 3 }, undefined, today);
    expect(view.requester).toBe('u-1');
    expect(view.unreadText).toBe('3 unread');
  });

  it('prefers the newest message of a loaded transcript', () => {
    const view = ongoingRowView(
      summary,
      [
        {
          messageId: 'm-1',
          direction: 'inbound',
          author: { kind: 'requester', id: null },
          body: 'Any news?',
          occurredAt: summary.createdAt ?? '',
          gatewaySequence: 2,
          deliveryStatus: null,
          errorCode: null,
          failureReason: null,
          visibility: 'requester_visible',
          media: [],
        },
      ],
      today,
    );
    expect(view.snippet).toBe('Any news?');
  });

  it('falls back to when it was created, or to nothing', () => {
    expect(ongoingRowView({ ...summary, lastActivityAt: null }, undefined, today).lastActivity).toMatch(/00/);
    expect(
      ongoingRowView({ ...summary, lastActivityAt: null, createdAt: null }, undefined, today).lastActivity,
    ).toBeNull();
  });
});

describe('formatActivity', () => {
  it('shows the time alone today and a date on another day', () => {
    const at = new Date(2026, 2, 1, 9, 30).toISOString();
    const other = new Date(2026, 1, 20, 9, 30).toISOString();
    expect(formatActivity(at, today)).toMatch(/30/);
    expect(formatActivity(other, today)).not.toBe(formatActivity(at, today));
    expect(formatActivity(other, today)).toMatch(/20/);
  });
});

describe('appPathOfClick', () => {
  const plain = {
    button: 0,
    metaKey: false,
    ctrlKey: false,
    shiftKey: false,
    altKey: false,
    defaultPrevented: false,
  };

  it('follows a plain click on a link inside the app, without the base', () => {
    expect(appPathOfClick('/app/conversations/i-1', '/app', plain)).toBe('/conversations/i-1');
  });

  it('leaves the browser new tabs, other buttons and handled clicks', () => {
    expect(appPathOfClick('/app/conversations/i-1', '/app', { ...plain, ctrlKey: true })).toBeNull();
    expect(appPathOfClick('/app/conversations/i-1', '/app', { ...plain, metaKey: true })).toBeNull();
    expect(appPathOfClick('/app/conversations/i-1', '/app', { ...plain, shiftKey: true })).toBeNull();
    expect(appPathOfClick('/app/conversations/i-1', '/app', { ...plain, altKey: true })).toBeNull();
    expect(appPathOfClick('/app/conversations/i-1', '/app', { ...plain, button: 1 })).toBeNull();
    expect(appPathOfClick('/app/conversations/i-1', '/app', { ...plain, defaultPrevented: true })).toBeNull();
  });

  it('leaves links out of the app, and no link at all', () => {
    expect(appPathOfClick('https://example.com/', '/app', plain)).toBeNull();
    expect(appPathOfClick('/application', '/app', plain)).toBeNull();
    expect(appPathOfClick(null, '/app', plain)).toBeNull();
  });
});
