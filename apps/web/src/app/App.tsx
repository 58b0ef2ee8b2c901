import { lazy, Suspense, useState } from 'react';
import { ApiProvider } from '../api/ApiProvider';
import { FlowsPage } from '../flows/FlowsPage';
import { SocketProvider } from '../api/SocketProvider';
import { SessionProvider, useSession, useSessionStore } from '../session/SessionContext';
import { browserSessionStore, type SessionStore } from '../session/session-store';
import { SignedOutPage } from '../session/SignedOutPage';
import { SignInPage } from '../session/SignInPage';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { useRoute, type Route } from './router';

/** The editor (React Flow, forms, layout) loads only when a flow is opened. */
const EditorPage = lazy(() =>
  import('../editor/EditorPage').then((module) => ({ default: module.EditorPage })),
);
const RunsPage = lazy(() =>
  import('../runs/RunsPage').then((module) => ({ default: module.RunsPage })),
);
/** A run's page draws its flow with React Flow too: it loads when a run is opened. */
const RunPage = lazy(() =>
  import('../runs/RunPage').then((module) => ({ default: module.RunPage })),
);
const UsersPage = lazy(() =>
  import('../users/UsersPage').then((module) => ({ default: module.UsersPage })),
);
const ApprovalsPage = lazy(() =>
  import('../approvals/ApprovalsPage').then((module) => ({ default: module.ApprovalsPage })),
);

export function App({ session }: { session?: SessionStore }) {
  const [store] = useState(() => session ?? browserSessionStore());
  return (
    <SessionProvider store={store}>
      <ApiProvider session={store}>
        <Routes />
      </ApiProvider>
    </SessionProvider>
  );
}

function Routes() {
  const route = useRoute();
  const store = useSessionStore();
  const { session, reason } = useSession();
  if (route.name === 'signin') return <SignInPage token={route.token} />;
  if (session === null) return <SignedOutPage reason={reason} />;
  return (
    <SocketProvider session={store}>
      <Layout route={route}>
        <Suspense fallback={<p className="page-status">Loading…</p>}>
          <Page route={route} />
        </Suspense>
      </Layout>
    </SocketProvider>
  );
}

function Page({ route }: { route: Exclude<Route, { name: 'signin' }> }) {
  switch (route.name) {
    case 'flows':
      return <FlowsPage />;
    case 'flow':
      return <EditorPage key={route.flowId} flowId={route.flowId} />;
    case 'runs':
      return <RunsPage flowId={route.flowId} status={route.status} />;
    case 'run':
      return <RunPage key={route.runId} runId={route.runId} />;
    case 'approvals':
      return <ApprovalsPage />;
    case 'users':
      return <UsersPage />;
    case 'notFound':
      return <NotFoundPage path={route.path} />;
  }
}
