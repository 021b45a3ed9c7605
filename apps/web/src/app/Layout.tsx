// The frame around every signed-in page: a skip link, the header (connection, presence, who is
// signed in), the navigation with the Inbox count and the Ongoing badge (SPEC I3), and the
// conversations open as tabs (SPEC I6).
import { type ReactNode, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { unwrap } from '../api/client';
import { ongoingBadge } from '../domain/workspace';
import { useSession } from './session';
import { useWorkspace } from './workspace';

const PRESENCE = ['available', 'away', 'offline'] as const;
const CONNECTION_LABEL = { connecting: 'Connecting…', live: 'Live', offline: 'Offline: reconnecting' };

export function Layout({ children }: { children: ReactNode }) {
  const { agent, api, logout } = useSession();
  const { state } = useWorkspace();
  const [presence, setPresence] = useState<string>('available');
  const [presenceError, setPresenceError] = useState<string | null>(null);
  const [, navigate] = useLocation();
  if (!agent) return null;
  const badge = ongoingBadge(state);
  const staff = agent.role === 'manager' || agent.role === 'admin';

  async function changePresence(next: string) {
    setPresenceError(null);
    try {
      await unwrap(api.PUT('/me/presence', { body: { presence: next } }));
      setPresence(next);
    } catch (error) {
      setPresenceError(error instanceof Error ? error.message : 'could not change presence');
    }
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Threadline</span>
        <span className={`connection connection-${state.connection}`} role="status" aria-live="polite">
          {CONNECTION_LABEL[state.connection]}
        </span>
        <label className="presence">
          <span>Presence</span>
          <select value={presence} onChange={(event) => void changePresence(event.target.value)}>
            {PRESENCE.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {presenceError && (
          <span className="field-error" role="alert">
            {presenceError}
          </span>
        )}
        <span className="who">
          {agent.displayName} <span className="muted">({agent.role})</span>
        </span>
        <button
          type="button"
          onClick={() => {
            void logout().then(() => navigate('/login', { replace: true }));
          }}
        >
          Sign out
        </button>
      </header>
      <nav className="sidebar" aria-label="Workspace">
        <ul>
          <NavItem href="/inbox" label="Inbox" count={state.offers.length} countLabel="offers" />
          <NavItem href="/ongoing" label="Ongoing" count={badge} countLabel="with unread messages" badge />
          <NavItem href="/new" label="New SMS" />
          {staff && <NavItem href="/supervision" label="Supervision" />}
          {staff && <NavItem href="/search" label="Search" />}
          {agent.role === 'admin' && (
            <>
              <NavItem href="/admin/queues" label="Queues" />
              <NavItem href="/admin/capacity" label="Capacity" />
              <NavItem href="/admin/messaging-actions" label="Messaging actions" />
              <NavItem href="/admin/company-numbers" label="Company numbers" />
              <NavItem href="/admin/directory" label="Directory" />
            </>
          )}
        </ul>
        <OpenTabs />
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function NavItem({
  href,
  label,
  count,
  countLabel,
  badge,
}: {
  href: string;
  label: string;
  count?: number;
  countLabel?: string;
  badge?: boolean;
}) {
  const [location] = useLocation();
  const current = location === href || location.startsWith(`${href}/`);
  return (
    <li>
      <Link
        href={href}
        aria-current={current ? 'page' : undefined}
        className={current ? 'active' : undefined}
      >
        {label}
        {count !== undefined && count > 0 && (
          <span
            className={badge ? 'badge badge-alert' : 'badge'}
            data-testid={`${label.toLowerCase()}-count`}
          >
            {count}
            <span className="visually-hidden"> {countLabel}</span>
          </span>
        )}
      </Link>
    </li>
  );
}

/** SPEC I6: every conversation the agent opened stays a tab until closed here. */
function OpenTabs() {
  const { state, dispatch } = useWorkspace();
  const [location, navigate] = useLocation();
  if (state.openIds.length === 0) return null;
  return (
    <div className="open-tabs">
      <h2>Open conversations</h2>
      <ul>
        {state.openIds.map((id) => {
          const summary = state.conversations[id] ?? state.ongoing[id];
          const label = summary?.requesterAddress ?? id.slice(0, 8);
          const href = `/conversations/${id}`;
          return (
            <li key={id}>
              <Link href={href} aria-current={location === href ? 'page' : undefined}>
                {label}
              </Link>
              <button
                type="button"
                className="icon"
                aria-label={`Close the tab of ${label}`}
                onClick={() => {
                  dispatch({ type: 'conversation.closed', interactionId: id });
                  if (location === href) navigate('/ongoing');
                }}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
