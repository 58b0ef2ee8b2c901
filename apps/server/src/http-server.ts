import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { createServices, type ExtraKinds } from './app';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { probeOf, sendJson } from './probes';
import { appRouter } from './routers/app-router';
import { contextFactory, signInUrl, type Services } from './trpc/context';
import { attachGateway, type Gateway } from './socket/gateway';
import { checkTrpcRequest, sendRefusal } from './limits/http-limits';
import { RateLimiter } from './limits/rate-limiter';
import { applyHeaders, securityHeaders } from './web/security-headers';
import { SIGNIN_FILES } from './web/signin-page';
import { DEFAULT_WEB_DIST, serveWebApp } from './web/static-files';

export interface CreateServerOptions {
  config: Config;
  /** Default: pino at `config.logLevel` on stdout. */
  logger?: Logger;
  /** Node kinds beyond the built-ins (an application's own; tests register test-only ones). */
  kinds?: ExtraKinds;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Set until someone has signed in: the first admin's one-time sign-in URL and token. */
  signIn: { url: string; token: string } | undefined;
  /** Stops accepting requests, lets open ones finish (5 s at most), closes storage. Idempotent. */
  close(): Promise<void>;
  /** The services behind the API (tests and benchmarks watch runs through `services.runs.bus`). */
  services: Services;
}

const CLOSE_GRACE_MS = 5_000;
/** Longer request paths are cut in the request log. */
const MAX_LOGGED_PATH = 200;

/** Opens storage, creates the first admin when there is none, and serves the API. */
export async function createServer(options: CreateServerOptions): Promise<RunningServer> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const { services, setPublicUrl } = await createServices({ config, logger, kinds: options.kinds });
  const { limits } = config;
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: limits.maxBodyBytes,
    maxBatchSize: limits.maxBatchCalls,
    // Queries may come as POST too, for inputs too large for a URL (a big blueprint to validate).
    allowMethodOverride: true,
    createContext: contextFactory(services, new RateLimiter(limits.rate)),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        logger.error({ err: error.cause ?? error, procedure: path }, 'procedure failed');
      } else {
        logger.debug({ code: error.code, procedure: path, message: error.message }, 'refused');
      }
    },
  });
  const secure = securityHeaders({ https: config.publicUrl?.startsWith('https:') ?? false });
  const server = createHttpServer((req, res) => {
    const started = performance.now();
    applyHeaders(res, secure);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    res.on('finish', () => {
      const ms = Math.round(performance.now() - started);
      // At debug level, and cut: a flood of 13 kB batch paths must not fill the log's buffer.
      const shown = path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path;
      logger.debug({ method: req.method, path: shown, status: res.statusCode, ms }, 'request');
    });
    if (path.startsWith('/trpc/')) {
      const refusal = checkTrpcRequest(req, limits);
      return refusal ? sendRefusal(res, refusal) : trpc(req, res);
    }
    const probe = probeOf(req, path);
    if (probe) return void probe(services, res);
    void web(req, res, path);
  });
  const gateway = attachGateway(server, {
    headers: secure,
    limits: { rate: limits.socketRate, maxMessageBytes: limits.socketMaxMessageBytes },
    storage: services.storage,
    auth: services.auth,
    bus: services.runs.bus,
    logger,
    approvals: {
      pendingFor: async (user) =>
        (await services.runs.approvals.pendingFor(user)).map((pending) => pending.prompt),
    },
  });
  const webRoot = resolve(config.webDist ?? DEFAULT_WEB_DIST);
  async function web(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    try {
      if (await serveWebApp(webRoot, req, res, path)) return;
    } catch (error) {
      logger.error({ err: error, path }, 'could not serve the web app');
    }
    const fallback = req.method === 'GET' ? SIGNIN_FILES.get(path) : undefined;
    if (fallback) {
      res.writeHead(200, { 'content-type': fallback.type, 'cache-control': 'no-store' });
      res.end(fallback.body);
      return;
    }
    sendJson(res, 404, {
      error: { code: 'NOT_FOUND', message: `no route for ${req.method} ${path}` },
    });
  }

  try {
    const bootstrap = await services.auth.bootstrap();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    // Open runs come back after listening, in the background: the API answers meanwhile (a
    // decision or a cancel for a run not back yet brings that run back first), and `/readyz`
    // says when all are back.
    void services.runs.restoreAll().catch((error: unknown) => {
      logger.error({ err: error }, 'could not restore the open runs');
    });
    const port = (server.address() as AddressInfo).port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    setPublicUrl(config.publicUrl ?? url);
    if (bootstrap)
      logger.info(
        { userId: bootstrap.user.id },
        'no one has signed in yet: issued a one-time sign-in token',
      );
    logger.info({ url, db: services.storage.dialect }, 'listening');
    const signIn = bootstrap && {
      url: signInUrl(services, bootstrap.secret),
      token: bootstrap.secret,
    };
    return {
      url,
      port,
      signIn,
      services,
      close: once(() => shutdown(server, services, gateway)),
    };
  } catch (error) {
    await gateway.close();
    server.close();
    await services.close();
    throw error;
  }
}

async function shutdown(
  server: ReturnType<typeof createHttpServer>,
  services: Services,
  gateway: Gateway,
) {
  await gateway.close();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
  await closed;
  clearTimeout(force);
  await services.close();
  services.logger.info('stopped');
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
