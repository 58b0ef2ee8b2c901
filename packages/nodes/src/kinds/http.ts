import type { TriggerFlowRuntimeData } from '@triggerflow/engine';
import { z } from 'zod';
import { checkExpression, compileExpression } from '../expression';
import {
  describeUrl,
  HttpError,
  HttpStatusError,
  type HttpClient,
  type HttpErrorCode,
  type HttpRequest,
} from '../http/client';
import { defineKind, expressionString, scope } from '../kind';

/** A literal string, or a JSONata expression over `{ input, state }` when it starts with `=`. */
const templateString = (description: string) =>
  z
    .string()
    .superRefine((value, ctx) => {
      if (!value.startsWith('=')) return;
      const problem = checkExpression(value.slice(1));
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          message: `${problem.message} (positions count from after the '=')`,
          params: { position: problem.position },
        });
      }
    })
    .describe(description);

const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~\dA-Za-z-]+$/, 'a header name: letters, digits and - (no spaces)');

const MiB = 1024 * 1024;

const httpConfig = z.object({
  method: z
    .enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'])
    .default('GET')
    .describe('HTTP method'),
  url: templateString('URL, or =expression over { input, state }')
    .min(1, 'a URL is required')
    .refine(
      (url) => url.startsWith('=') || /^https?:\/\/[^\s/?#]+\S*$/i.test(url),
      'an http:// or https:// URL, or an expression starting with =',
    ),
  headers: z
    .record(headerName, templateString('Value, or =expression over { input, state }'))
    .default({})
    .describe('Request headers'),
  body: expressionString('JSONata over { input, state }: the request body').optional(),
  timeoutMs: z.number().int().min(1).max(120_000).default(10_000).describe('Timeout, ms'),
  maxResponseBytes: z
    .number()
    .int()
    .min(1)
    .max(20 * MiB)
    .default(MiB)
    .describe('Largest response body, bytes'),
  failOnStatus: z.boolean().default(false).describe('Fail the run on a non-2xx status'),
});

export type HttpNodeConfig = z.output<typeof httpConfig>;

/** Why the node has no response: the client's codes, or an expression that failed. */
export type HttpNodeErrorCode = HttpErrorCode | 'EXPRESSION';

export type HttpNodeOutput =
  | {
      ok: true;
      status: number;
      headers: Record<string, string>;
      body: unknown;
      durationMs: number;
    }
  | {
      ok: false;
      status: number;
      headers: Record<string, string>;
      body: unknown;
      durationMs: number;
      error: { code: 'HTTP_STATUS'; message: string };
    }
  | { ok: false; error: { code: HttpNodeErrorCode; message: string } };

export const httpKind = defineKind({
  kind: 'http',
  label: 'HTTP request',
  icon: 'globe',
  category: 'io',
  summary: 'Call an HTTP API; the response (or what went wrong) is the output.',
  input: 'Any value (seen by the expressions as `input`).',
  output:
    '`{ ok: true, status, headers, body, durationMs }`, or `{ ok: false, error: { code, message } }` ' +
    '(with `status`, `headers`, `body` and `durationMs` when the server answered outside 2xx).',
  docs: [
    'Sends one request through the server’s `http` resource and passes the response on.',
    '',
    '- `method`: GET (default), POST, PUT, PATCH, DELETE or HEAD.',
    '- `url`: an http(s) URL, or a JSONata expression when it starts with `=`, e.g.',
    '  `="https://api.example.com/users/" & input.id`.',
    '- `headers`: name → value; a value starting with `=` is an expression (write `="=x"` for a',
    '  literal that starts with `=`).',
    '- `body`: a JSONata expression over `{ input, state }`. A string is sent as text, anything',
    '  else as JSON with `content-type: application/json` (unless you set a content-type).',
    '- `timeoutMs` (default 10 000, at most 120 000) and `maxResponseBytes` (default 1 MiB, at',
    '  most 20 MiB) bound the whole exchange.',
    '- `failOnStatus`: when true, a status outside 2xx fails the run instead of giving `ok: false`.',
    '',
    'JSON responses are parsed; others are text. Redirects are not followed. Private, loopback,',
    'link-local and similar addresses are refused unless the server’s http allow list names them.',
    '',
    'Errors are data: branch on `ok` with a match. `error.code` is `HTTP_STATUS` (the server',
    'answered outside 2xx), `TIMEOUT`, `TOO_LARGE`, `NETWORK`, `INVALID_URL`, `INVALID_REQUEST`,',
    '`PRIVATE_ADDRESS` or `EXPRESSION` (an expression failed on this input).',
  ].join('\n'),
  form: [
    {
      key: 'method',
      label: 'Method',
      widget: 'choice',
      display: 'buttons',
      options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'].map((m) => ({
        value: m,
        label: m,
      })),
    },
    {
      key: 'url',
      label: 'URL',
      widget: 'valueOrExpression',
      encoding: 'prefix',
      missing: 'a URL',
      placeholder: 'https://api.example.com/orders',
      help: 'A fixed address, or an expression such as "https://api.example.com/users/" & input.id.',
    },
    {
      key: 'headers',
      label: 'Headers',
      widget: 'keyValue',
      keyLabel: 'Header',
      addLabel: 'Add header',
      value: { key: '', label: 'Value', widget: 'valueOrExpression', encoding: 'prefix' },
    },
    {
      key: 'body',
      label: 'Body',
      widget: 'expression',
      syntax: 'jsonata',
      rows: 3,
      help: 'JSONata; text is sent as it is, anything else as JSON. Empty: no body.',
      result: 'The request body',
      showWhen: { key: 'method', equals: ['POST', 'PUT', 'PATCH', 'DELETE'] },
    },
    {
      key: 'failOnStatus',
      label: 'Fail the run when the answer is not a success',
      widget: 'toggle',
      help: 'Off: a 4xx or 5xx answer goes on as { ok: false, status, … } for a branch to handle.',
    },
    {
      key: 'timeoutMs',
      label: 'Give up after',
      widget: 'duration',
      max: 120_000,
      advanced: true,
    },
    {
      key: 'maxResponseBytes',
      label: 'Largest answer',
      widget: 'bytes',
      max: 20 * MiB,
      advanced: true,
    },
  ],
  configSchema: httpConfig,
  async run(data, config): Promise<HttpNodeOutput> {
    const client = data.requireResource<HttpClient>('http');
    let request: HttpRequest;
    try {
      request = await buildRequest(data, config);
    } catch (error) {
      return failure(error);
    }
    let response;
    try {
      response = await client.request({ ...request, signal: data.abortSignal });
    } catch (error) {
      // A cancelled run's step ends quietly (the engine's reason), not as an output.
      if (data.abortSignal.aborted) throw data.abortSignal.reason;
      return failure(error);
    }
    const { status, headers, body, durationMs } = response;
    if (status >= 200 && status < 300) return { ok: true, status, headers, body, durationMs };
    const message = `${request.method} ${describeUrl(request.url)} answered ${status}`;
    if (config.failOnStatus) throw new HttpStatusError(status, body, message);
    return {
      ok: false,
      status,
      headers,
      body,
      durationMs,
      error: { code: 'HTTP_STATUS', message },
    };
  },
});

/** An expression of the node failed, or gave a value that cannot go into the request. */
class RequestProblem extends Error {
  constructor(
    readonly code: HttpNodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function failure(error: unknown): HttpNodeOutput {
  const code =
    error instanceof HttpError || error instanceof RequestProblem ? error.code : 'NETWORK';
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code, message } };
}

async function buildRequest(
  data: TriggerFlowRuntimeData,
  config: HttpNodeConfig,
): Promise<HttpRequest> {
  const url = await resolve('url', config.url, data);
  if (typeof url !== 'string') {
    throw new RequestProblem(
      'INVALID_URL',
      `url: the expression gave ${kindOf(url)}, not a string`,
    );
  }
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(config.headers)) {
    const value = await resolve(`header '${name}'`, template, data);
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      headers[name] = String(value);
    } else {
      throw new RequestProblem('EXPRESSION', `header '${name}': gave ${kindOf(value)}`);
    }
  }
  const body = config.body === undefined ? undefined : await evaluate('body', config.body, data);
  const { method, timeoutMs, maxResponseBytes } = config;
  return { method, url, headers, body, timeoutMs, maxResponseBytes };
}

/** A template's value: the literal, or the expression after `=`. */
const resolve = (field: string, template: string, data: TriggerFlowRuntimeData) =>
  template.startsWith('=') ? evaluate(field, template.slice(1), data) : Promise.resolve(template);

/** An expression's value over `{ input, state }`; a failure names the field. */
async function evaluate(
  field: string,
  source: string,
  data: TriggerFlowRuntimeData,
): Promise<unknown> {
  try {
    return await compileExpression(source).evaluate(scope(data));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RequestProblem('EXPRESSION', `${field}: ${message}`);
  }
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
