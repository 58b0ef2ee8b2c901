import type { AddressInfo } from 'node:net';
import { EngineError } from '@triggerflow/engine';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { TRPCError } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, StorageError } from '../src';
import type { Context } from '../src/trpc/context';
import { toTRPCError } from '../src/trpc/errors';
import { publicProcedure, router } from '../src/trpc/trpc';

const issue = {
  code: 'DANGLING_EDGE',
  severity: 'error',
  message: 'edge e1 …',
  path: ['edges', 0],
};

describe('toTRPCError', () => {
  it.each([
    [new StorageError('NOT_FOUND', 'flow "f" not found'), 'NOT_FOUND', 'flow "f" not found'],
    [new StorageError('CONFLICT', 'stale'), 'CONFLICT', 'stale'],
    [new StorageError('INVALID', 'bad cursor'), 'BAD_REQUEST', 'bad cursor'],
    [new StorageError('REFERENCE', 'no user'), 'BAD_REQUEST', 'no user'],
    [new ApiError('FORBIDDEN', 'not yours'), 'FORBIDDEN', 'not yours'],
    [
      new EngineError('INVALID_BLUEPRINT', 'Invalid blueprint: e1'),
      'BAD_REQUEST',
      'Invalid blueprint: e1',
    ],
    [new EngineError('RESUME_REQUEST_CONFLICT', 'twice'), 'CONFLICT', 'twice'],
    [
      new EngineError('CLOSE_TIMEOUT', 'took 5 s'),
      'INTERNAL_SERVER_ERROR',
      'Internal server error',
    ],
    [new Error('password=hunter2'), 'INTERNAL_SERVER_ERROR', 'Internal server error'],
    ['a string', 'INTERNAL_SERVER_ERROR', 'Internal server error'],
  ])('maps %o to %s', (error, code, message) => {
    const mapped = toTRPCError(new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error }));
    expect([mapped.code, mapped.message]).toEqual([code, message]);
    expect(toTRPCError(error).code).toBe(code);
  });

  it('names the path of every zod issue', () => {
    const result = z.object({ a: z.object({ b: z.number() }), c: z.string() }).safeParse({ a: {} });
    const mapped = toTRPCError(result.error);
    expect(mapped.code).toBe('BAD_REQUEST');
    expect(mapped.message).toBe(
      'a.b: Invalid input: expected number, received undefined; ' +
        'c: Invalid input: expected string, received undefined',
    );
  });

  it('keeps a deliberate TRPCError', () => {
    const error = new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in' });
    expect(toTRPCError(error)).toBe(error);
  });
});

describe('errors over HTTP', () => {
  const testRouter = router({
    boom: publicProcedure.query(() => {
      throw new Error('connection to db:5432 refused (password=hunter2)');
    }),
    blueprint: publicProcedure.query(() => {
      throw new EngineError('INVALID_BLUEPRINT', 'Invalid blueprint: e1', { issues: [issue] });
    }),
  });
  const server = createHTTPServer({
    router: testRouter,
    createContext: () => ({ limits: { maxJsonDepth: 64 } }) as Context,
  });
  let client: ReturnType<typeof createTRPCClient<typeof testRouter>>;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = createTRPCClient<typeof testRouter>({
      links: [httpBatchLink({ url: `http://127.0.0.1:${port}` })],
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.unreachable(),
      (error: unknown) => {
        expect(error).toBeInstanceOf(TRPCClientError);
        return error as TRPCClientError<typeof testRouter>;
      },
    );

  it('hides the message of an unknown error and sends no stack', async () => {
    const error = await failure(client.boom.query());
    expect(error.message).toBe('Internal server error');
    expect(error.data).toEqual({ code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, path: 'boom' });
  });

  it('sends the blueprint issues of an engine error in data.issues', async () => {
    const error = await failure(client.blueprint.query());
    expect(error.message).toBe('Invalid blueprint: e1');
    expect(error.data).toEqual({
      code: 'BAD_REQUEST',
      httpStatus: 400,
      path: 'blueprint',
      issues: [issue],
    });
  });
});
