import { router } from '../trpc/trpc';
import { approvalsRouter } from './approvals';
import { authRouter } from './auth';
import { catalogRouter } from './catalog';
import { flowsRouter } from './flows';
import { runsRouter } from './runs';
import { usersRouter } from './users';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  flows: flowsRouter,
  catalog: catalogRouter,
  runs: runsRouter,
  approvals: approvalsRouter,
});

/** The API's type, for `createTRPCClient<AppRouter>` in the web app and in tests. */
export type AppRouter = typeof appRouter;
