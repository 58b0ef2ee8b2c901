import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/server: the child runs `src/main.ts` from here, as `pnpm start` does. */
const SERVER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TAIL_LINES = 60;

export interface ChildServer {
  /** The URL the server logged with `listening`. */
  url: string;
  /** The first admin's one-time sign-in token (only on a fresh database). */
  signInToken: string | undefined;
  pid: number;
  /** Resolves when the process has exited, with its code or signal. */
  exited: Promise<ChildExit>;
  /** `kill -9`: resolves once the process is gone (no cleanup of any kind ran in it). */
  kill(): Promise<ChildExit>;
  /** The last lines of stdout and stderr, for failure messages. */
  tail(): string;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartChildOptions {
  /** `sqlite:<file>` or a PostgreSQL URL; the same URL again restarts on the same data. */
  databaseUrl: string;
  /** How long to wait for `listening` (default 20 s). */
  startTimeoutMs?: number;
  /** More environment variables. */
  env?: Record<string, string>;
  /** The script to run, from apps/server (default `src/main.ts`; tests have their own entries). */
  entry?: string;
}

const children = new Set<ChildProcess>();
// A worker that exits without its afterAll (a crash, a timeout) leaves no server behind either.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/**
 * Starts the real server (`node --import tsx src/main.ts`, one process, so SIGKILL hits the server
 * itself and not a launcher) on port 0, and resolves once it logged `listening` — and printed its
 * sign-in URL, when the database was fresh.
 */
export function startChildServer(options: StartChildOptions): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', options.entry ?? 'src/main.ts'], {
    cwd: SERVER_DIR,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATABASE_URL: options.databaseUrl,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const lines: string[] = [];
  const remember = (stream: string, line: string) => {
    lines.push(`[${stream}] ${line}`);
    if (lines.length > TAIL_LINES) lines.shift();
  };
  const tail = () => lines.join('\n');

  const exited = new Promise<ChildExit>((resolveExit) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolveExit({ code, signal });
    });
  });

  return new Promise<ChildServer>((resolveStart, rejectStart) => {
    let url: string | undefined;
    let bootstrapped = false;
    let signInToken: string | undefined;
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      rejectStart(new Error(`${why}\n--- server output ---\n${tail()}`));
    };
    const timer = setTimeout(
      () => fail(`the server did not start within ${options.startTimeoutMs ?? 20_000} ms`),
      options.startTimeoutMs ?? 20_000,
    );
    const maybeReady = () => {
      if (settled || url === undefined || (bootstrapped && signInToken === undefined)) return;
      settled = true;
      clearTimeout(timer);
      const pid = child.pid;
      if (pid === undefined) return rejectStart(new Error('the server process has no pid'));
      resolveStart({
        url,
        signInToken,
        pid,
        exited,
        tail,
        kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          return exited;
        },
      });
    };

    lineReader(child.stdout, (line) => {
      remember('stdout', line);
      const signIn = /^Sign in: (\S+)$/.exec(line.trim());
      if (signIn?.[1] !== undefined) {
        signInToken = new URL(signIn[1]).searchParams.get('token') ?? undefined;
        return maybeReady();
      }
      if (!line.startsWith('{')) return;
      let entry: { msg?: unknown; url?: unknown };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      if (entry.msg === 'no one has signed in yet: issued a one-time sign-in token') {
        bootstrapped = true;
      }
      if (entry.msg === 'listening' && typeof entry.url === 'string') {
        url = entry.url;
        maybeReady();
      }
    });
    lineReader(child.stderr, (line) => remember('stderr', line));
    void exited.then(({ code, signal }) =>
      fail(`the server exited before it was ready (code ${code}, signal ${signal})`),
    );
    child.once('error', (error) => fail(`could not spawn the server: ${error.message}`));
  });
}

/** SIGKILLs every child server still running (for `afterAll`). */
export async function killChildServers(): Promise<void> {
  const running = [...children];
  await Promise.all(
    running.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** Calls `onLine` for each non-empty line the stream writes. */
export function lineReader(
  stream: NodeJS.ReadableStream | null,
  onLine: (line: string) => void,
): void {
  if (stream === null) return;
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let at = buffered.indexOf('\n');
    while (at >= 0) {
      const line = buffered.slice(0, at);
      buffered = buffered.slice(at + 1);
      if (line.trim() !== '') onLine(line);
      at = buffered.indexOf('\n');
    }
  });
}
