// The routes of the workspace, under /app/ on agent-gateway. Agents get the Inbox, Ongoing,
// conversations and New SMS; managers and admins also Supervision and Search; admins the
// configuration pages.
import type { ReactNode } from 'react';
import { Redirect, Route, Router, Switch } from 'wouter';
import type { Role } from '../api/types';
import { CapacityPage } from '../pages/admin/CapacityPage';
import { CompanyNumbersPage } from '../pages/admin/CompanyNumbersPage';
import { DirectoryPage } from '../pages/admin/DirectoryPage';
import { MessagingActionsPage } from '../pages/admin/MessagingActionsPage';
import { QueuesPage } from '../pages/admin/QueuesPage';
import { ConversationPage } from '../pages/agent/ConversationPage';
import { InboxPage } from '../pages/agent/InboxPage';
import { NewSmsPage } from '../pages/agent/NewSmsPage';
import { OngoingPage } from '../pages/agent/OngoingPage';
import { SearchPage } from '../pages/manager/SearchPage';
import { SupervisionPage } from '../pages/manager/SupervisionPage';
import { Layout } from './Layout';
import { LoginPage } from './LoginPage';
import { SessionProvider, useSession } from './session';
import { WorkspaceProvider } from './workspace';

export function App() {
  return (
    <SessionProvider>
      <Router base="/app">
        <Routes />
      </Router>
    </SessionProvider>
  );
}

function Routes() {
  const { agent } = useSession();
  if (!agent)
    return (
      <Switch>
        <Route path="/login" component={LoginPage} />
        <Route>
          <Redirect to="/login" replace />
        </Route>
      </Switch>
    );
  return (
    <WorkspaceProvider key={agent.id}>
      <Layout>
        <Switch>
          <Route path="/inbox" component={InboxPage} />
          <Route path="/ongoing" component={OngoingPage} />
          <Route path="/conversations/:id">
            {(params) => <ConversationPage interactionId={params.id} />}
          </Route>
          <Route path="/new" component={NewSmsPage} />
          <Route path="/supervision">{only(['manager', 'admin'], agent.role, <SupervisionPage />)}</Route>
          <Route path="/search">{only(['manager', 'admin'], agent.role, <SearchPage />)}</Route>
          <Route path="/admin/queues">{only(['admin'], agent.role, <QueuesPage />)}</Route>
          <Route path="/admin/capacity">{only(['admin'], agent.role, <CapacityPage />)}</Route>
          <Route path="/admin/messaging-actions">
            {only(['admin'], agent.role, <MessagingActionsPage />)}
          </Route>
          <Route path="/admin/company-numbers">{only(['admin'], agent.role, <CompanyNumbersPage />)}</Route>
          <Route path="/admin/directory">{only(['admin'], agent.role, <DirectoryPage />)}</Route>
          <Route>
            <Redirect to="/inbox" replace />
          </Route>
        </Switch>
      </Layout>
    </WorkspaceProvider>
  );
}

function only(roles: Role[], role: Role, page: ReactNode): ReactNode {
  return roles.includes(role) ? page : <Redirect to="/inbox" replace />;
}
