// The signed-in agent's live workspace: the reducer of domain/workspace.ts fed by the REST read
// model and the socket. Every (re)connect reloads offers, Ongoing, prompts and the conversation
// on screen (other tabs reload when shown), so a dropped socket loses nothing.
import {
  createContext,
  type Dispatch,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useReducer,
  useRef,
} from 'react';
import { unwrap } from '../api/client';
import type { PushEvent } from '../api/types';
import {
  initialWorkspace,
  type WorkspaceAction,
  workspaceReducer,
  type WorkspaceState,
} from '../domain/workspace';
import { LiveSocket, socketUrl } from '../live/socket';
import { useSession } from './session';

interface WorkspaceContextValue {
  state: WorkspaceState;
  dispatch: Dispatch<WorkspaceAction>;
  /** Reloads the lists, and the conversation on screen, from the API. */
  resync: () => Promise<void>;
  /** Loads one conversation's detail and transcript (as its assignee, this clears its unread mark). */
  load: (interactionId: string) => Promise<void>;
  /** Closes the socket as a failing network would; it reconnects by itself (for demos and tests). */
  dropSocket: () => void;
  /** Subscribes to every push, after the reducer has seen it. */
  onPush: (listener: (event: PushEvent) => void) => () => void;
}

const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const { session, api, expire } = useSession();
  const agentId = session?.agent.id ?? '';
  const [state, dispatch] = useReducer(workspaceReducer, agentId, initialWorkspace);
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  });
  const listeners = useRef(new Set<(event: PushEvent) => void>());
  const socket = useRef<LiveSocket | null>(null);

  const actions = useMemo(() => {
    const load = async (interactionId: string) => {
      const detail = await unwrap(api.GET('/interactions/{id}', { params: { path: { id: interactionId } } }));
      dispatch({ type: 'conversation.loaded', detail });
    };
    const resync = async () => {
      dispatch({ type: 'sync.started' });
      const [offers, ongoing, prompts] = await Promise.all([
        unwrap(api.GET('/inbox/offers')),
        unwrap(api.GET('/interactions/ongoing')),
        unwrap(api.GET('/me/prompts')),
      ]).catch((error: unknown) => {
        dispatch({ type: 'sync.failed' });
        throw error;
      });
      dispatch({ type: 'synced', offers: offers.items, ongoing: ongoing.items, prompts: prompts.prompts });
      // Only the conversation on screen: loading one as its assignee marks it read (SPEC I3).
      const shown = latest.current.activeId;
      if (shown !== null) await load(shown).catch(() => undefined);
    };
    return { load, resync };
  }, [api]);

  useEffect(() => {
    if (!session) return;
    const live = new LiveSocket({
      url: () => socketUrl(session.token),
      onStatus: (connection) => dispatch({ type: 'connection', connection }),
      onReady: () => void actions.resync().catch(() => undefined),
      onEvent: (event) => {
        dispatch({ type: 'pushed', event });
        for (const listener of listeners.current) listener(event);
      },
      onTokenExpired: expire,
    });
    socket.current = live;
    live.start();
    return () => {
      live.stop();
      socket.current = null;
    };
  }, [session, actions, expire]);

  // Stable across renders: a page subscribing in an effect keeps its subscription (and any
  // timer it started) while pushes change the state.
  const subscriptions = useMemo(
    () => ({
      dropSocket: () => socket.current?.drop(),
      onPush: (listener: (event: PushEvent) => void) => {
        listeners.current.add(listener);
        return () => void listeners.current.delete(listener);
      },
    }),
    [],
  );
  const value = useMemo<WorkspaceContextValue>(
    () => ({ state, dispatch, ...actions, ...subscriptions }),
    [state, actions, subscriptions],
  );
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace outside WorkspaceProvider');
  return value;
}
