import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src';

describe('loadConfig', () => {
  it('has defaults for everything; empty values count as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: ' ' })).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: 'sqlite:./data/studio.db',
      publicUrl: undefined,
      logLevel: 'info',
      httpAllow: [],
      model: undefined,
      webDist: undefined,
      redisUrl: undefined,
      workerConcurrency: 32,
      limits: {
        maxBodyBytes: 10 * 1024 * 1024,
        maxJsonDepth: 64,
        maxBatchCalls: 100,
        rate: { perSecond: 1000, burst: 5000 },
        socketRate: { perSecond: 100, burst: 500 },
        socketMaxMessageBytes: 64 * 1024,
      },
      quarantineAfter: 2,
      jobRetry: { attempts: 10, delayMs: 1000, leaseWaitMs: 1000 },
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/studio',
      PUBLIC_URL: 'https://studio.example.com/',
      LOG_LEVEL: 'debug',
      HTTP_ALLOW: 'localhost, 10.0.0.0/8,,fd00::/8',
      MODEL_BASE_URL: 'http://localhost:11434/v1',
      MODEL_API_KEY: 'sk-test',
      MODEL_NAME: 'llama3',
      WEB_DIST: '/srv/studio',
      REDIS_URL: 'redis://cache:6379',
      WORKER_CONCURRENCY: '8',
      MODEL_TIMEOUT_MS: '30000',
      MODEL_MAX_RETRIES: '4',
      MAX_BODY_BYTES: '2097152',
      MAX_JSON_DEPTH: '32',
      MAX_BATCH_CALLS: '20',
      RATE_LIMIT_PER_SECOND: '50',
      RATE_LIMIT_BURST: '200',
      SOCKET_RATE_LIMIT_PER_SECOND: '10',
      SOCKET_RATE_LIMIT_BURST: '40',
      SOCKET_MAX_MESSAGE_BYTES: '4096',
      QUARANTINE_AFTER_CRASHES: '3',
      QUEUE_JOB_ATTEMPTS: '4',
      QUEUE_RETRY_DELAY_MS: '250',
      QUEUE_LEASE_WAIT_MS: '100',
    });
    expect(config).toEqual({
      port: 0,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u:p@db:5432/studio',
      publicUrl: 'https://studio.example.com',
      logLevel: 'debug',
      httpAllow: ['localhost', '10.0.0.0/8', 'fd00::/8'],
      model: {
        baseUrl: 'http://localhost:11434/v1',
        apiKey: 'sk-test',
        name: 'llama3',
        timeoutMs: 30_000,
        maxRetries: 4,
      },
      webDist: '/srv/studio',
      redisUrl: 'redis://cache:6379',
      workerConcurrency: 8,
      limits: {
        maxBodyBytes: 2 * 1024 * 1024,
        maxJsonDepth: 32,
        maxBatchCalls: 20,
        rate: { perSecond: 50, burst: 200 },
        socketRate: { perSecond: 10, burst: 40 },
        socketMaxMessageBytes: 4096,
      },
      quarantineAfter: 3,
      jobRetry: { attempts: 4, delayMs: 250, leaseWaitMs: 100 },
    });
  });

  it('refuses queue mode on SQLite, naming both variables', () => {
    const error = (() => {
      try {
        loadConfig({ REDIS_URL: 'redis://cache:6379' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variables).toEqual(['REDIS_URL', 'DATABASE_URL']);
    expect((error as ConfigError).message).toBe(
      'Invalid environment: REDIS_URL (queue mode) needs DATABASE_URL=postgres://… (workers share the database)',
    );
  });

  it.each([
    ['PORT', 'http'],
    ['PORT', '65536'],
    ['HOST', 'my_host!'],
    ['DATABASE_URL', 'mysql://root:secret@db/x'],
    ['PUBLIC_URL', 'ftp://files'],
    ['LOG_LEVEL', 'loud'],
    ['HTTP_ALLOW', 'localhost, evil host'],
    ['REDIS_URL', 'http://cache:6379'],
    ['WORKER_CONCURRENCY', 'many'],
    ['QUARANTINE_AFTER_CRASHES', '101'],
    ['QUARANTINE_AFTER_CRASHES', 'twice'],
    ['QUEUE_JOB_ATTEMPTS', '3600'],
    ['QUEUE_RETRY_DELAY_MS', '1 s'],
    ['QUEUE_LEASE_WAIT_MS', '5'],
    ['MODEL_BASE_URL', 'not a url'],
    ['MODEL_TIMEOUT_MS', '5'],
    ['MAX_BODY_BYTES', 'ten megabytes'],
    ['MAX_JSON_DEPTH', '100000'],
    ['RATE_LIMIT_PER_SECOND', 'fast'],
    ['SOCKET_MAX_MESSAGE_BYTES', '-1'],
  ])('refuses %s=%s, naming the variable and not echoing the value', (variable, value) => {
    const error = (() => {
      try {
        loadConfig({ [variable]: value });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variables: [variable] });
    expect((error as ConfigError).message).toMatch(
      new RegExp(`^Invalid environment: ${variable} `),
    );
    expect((error as ConfigError).message).not.toContain(value);
  });
});
