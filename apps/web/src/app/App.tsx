import { lazy, Suspense, useState } from 'react';
import { ApiProvider } from '../api/ApiProvider';
import { FlowsPage } from '../flows/FlowsPage';
import { SessionProvider, useSession } from '../session/SessionContext';
import { browserSessionStore, type SessionStore } from '../session/session-store';
import { SignedOutPage } from '../session/SignedOutPage';
import { SignInPage } from '../session/SignInPage';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { useRoute, type Route } from './router';
import { RunsPage } from './RunsPage';

/** The editor (React Flow, forms, layout) loads only when a flow is opened. */
const EditorPage = lazy(() =>
  import('../editor/EditorPage').then((module) => ({ default: module.EditorPage })),
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
  const { session, reason } = useSession();
  if (route.name === 'signin') return <SignInPage token={route.token} />;
  if (session === null) return <SignedOutPage reason={reason} />;
  return (
    <Layout route={route}>
      <Suspense fallback={<p className="page-status">Loading…</p>}>
        <Page route={route} />
      </Suspense>
    </Layout>
  );
}

function Page({ route }: { route: Exclude<Route, { name: 'signin' }> }) {
  switch (route.name) {
    case 'flows':
      return <FlowsPage />;
    case 'flow':
      return <EditorPage key={route.flowId} flowId={route.flowId} />;
    case 'runs':
      return <RunsPage />;
    case 'notFound':
      return <NotFoundPage path={route.path} />;
  }
}
