import { EngineError } from './errors';

/** Live objects (clients, agents) for handlers. Execution scope shadows flow scope; never saved. */
export class ResourceScope {
  private readonly own = new Map<string, unknown>();

  constructor(
    private readonly executionId: () => string,
    private readonly flowScope: ReadonlyMap<string, unknown>,
    initial: Record<string, unknown> = {},
  ) {
    for (const [key, value] of Object.entries(initial)) this.own.set(key, value);
  }

  has(key: string): boolean {
    return this.own.has(key) || this.flowScope.has(key);
  }

  get(key: string, defaultValue?: unknown): unknown {
    if (this.own.has(key)) return this.own.get(key);
    if (this.flowScope.has(key)) return this.flowScope.get(key);
    return defaultValue;
  }

  require(key: string): unknown {
    if (this.has(key)) return this.get(key);
    const available = this.keys()
      .map((k) => `'${k}'`)
      .join(', ');
    throw new EngineError(
      'RESOURCE_MISSING',
      `Execution ${this.executionId()} missing required runtime resource '${key}'. Available resources: [${available}]`,
      { key, available: this.keys() },
    );
  }

  set(key: string, value: unknown): void {
    this.own.set(key, value);
  }

  delete(key: string): void {
    this.own.delete(key);
  }

  /** Sorted names of every mounted resource (what a snapshot records). */
  keys(): string[] {
    return [...new Set([...this.flowScope.keys(), ...this.own.keys()])].sort();
  }

  view(): Readonly<Record<string, unknown>> {
    return Object.freeze(Object.fromEntries(this.keys().map((k) => [k, this.get(k)])));
  }
}
