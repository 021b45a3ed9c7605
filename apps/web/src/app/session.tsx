// Who is signed in: the token and agent the login answered, kept for this browser tab
// (sessionStorage), and the one API client that sends the token.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type Api, createApi, unwrap } from '../api/client';
import type { Agent, Session } from '../api/types';

const STORAGE_KEY = 'threadline.session';

interface SessionContextValue {
  session: Session | null;
  agent: Agent | null;
  api: Api;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** The token is no longer accepted: forget it without asking the API. */
  expire: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** What the one client reads on each request: outside React, so no render depends on it. */
const current = { token: null as string | null, onUnauthorized: () => undefined as void };
const api = createApi({ token: () => current.token, onUnauthorized: () => current.onUnauthorized() });

function stored(): Session | null {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY);
    if (!text) return null;
    const session = JSON.parse(text) as Session;
    return new Date(session.expiresAt).getTime() > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => {
    const restored = stored();
    current.token = restored?.token ?? null;
    return restored;
  });

  const remember = useCallback((next: Session | null) => {
    current.token = next?.token ?? null;
    if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(STORAGE_KEY);
    setSession(next);
  }, []);

  useEffect(() => {
    current.onUnauthorized = () => remember(null);
  }, [remember]);

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      agent: session?.agent ?? null,
      api,
      login: async (username, password) => {
        const answer = await unwrap(api.POST('/auth/login', { body: { username, password } }));
        // Like the console: signing in makes the agent available for work. Before the session is
        // shown, so the workspace opens on an agent that routing already offers work to.
        current.token = answer.token;
        try {
          await unwrap(api.PUT('/me/presence', { body: { presence: 'available' } }));
        } catch (error) {
          current.token = null;
          throw error;
        }
        remember(answer);
      },
      logout: async () => {
        await unwrap(api.PUT('/me/presence', { body: { presence: 'offline' } })).catch(() => undefined);
        remember(null);
      },
      expire: () => remember(null),
    }),
    [session, remember],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The API client of a signed-in page. */
export function useApi(): Api {
  return useSession().api;
}
