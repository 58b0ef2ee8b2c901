import type { Blueprint, BlueprintIssue } from '@triggerflow/blueprint';
import { blueprintFingerprint, validateBlueprint, type HandlerRegistry } from '@triggerflow/engine';
import { samples } from '@triggerflow/nodes/samples';
import { ApiError } from '../errors';
import type { FlowListOptions, FlowRecord, FlowVersionRecord, Storage } from '../storage';

/** A saved flow with the validator's verdict on its blueprint (a draft may have errors). */
export interface CheckedFlow {
  flow: FlowRecord;
  issues: BlueprintIssue[];
}

export interface CheckedVersion extends FlowVersionRecord {
  issues: BlueprintIssue[];
}

export interface NewFlowInput {
  name: string;
  description?: string;
  blueprint: Blueprint;
  note?: string;
}

export interface FlowChanges {
  name?: string;
  description?: string;
  blueprint?: Blueprint;
  note?: string;
  expectedVersion?: number;
}

/** Flows and their versions, with validation against the catalog and the engine's fingerprint. */
export function createFlowService({
  storage,
  registry,
}: {
  storage: Storage;
  registry: HandlerRegistry;
}) {
  const check = (blueprint: unknown) => validateBlueprint(blueprint, registry);
  const revision = (blueprint: Blueprint, note: string | undefined) => ({
    blueprint,
    fingerprint: blueprintFingerprint(blueprint),
    note: note ?? null,
  });

  const service = {
    validate: check,

    list: (options: FlowListOptions) => storage.flows.list(options),

    async get(id: string): Promise<CheckedFlow & { version: FlowVersionRecord }> {
      const flow = await storage.flows.get(id);
      const version = await storage.flows.getVersion(id, flow.latestVersion);
      return { flow, version, issues: check(version.blueprint) };
    },

    async getVersion(id: string, version?: number): Promise<CheckedVersion> {
      const at = version ?? (await storage.flows.get(id)).latestVersion;
      const record = await storage.flows.getVersion(id, at);
      return { ...record, issues: check(record.blueprint) };
    },

    async create(input: NewFlowInput, by: string): Promise<CheckedFlow> {
      const flow = await storage.flows.create({
        name: input.name,
        description: input.description,
        ...revision(input.blueprint, input.note),
        createdBy: by,
      });
      return { flow, issues: check(input.blueprint) };
    },

    /** A new blueprint makes a new immutable version; `expectedVersion` guards against lost saves. */
    async update(id: string, changes: FlowChanges, by: string): Promise<CheckedFlow> {
      const flow = await storage.flows.update(id, {
        name: changes.name,
        description: changes.description,
        revision: changes.blueprint && revision(changes.blueprint, changes.note),
        expectedVersion: changes.expectedVersion,
        by,
      });
      const blueprint =
        changes.blueprint ?? (await storage.flows.getVersion(id, flow.latestVersion)).blueprint;
      return { flow, issues: check(blueprint) };
    },

    remove: (id: string) => storage.flows.softDelete(id),

    versions: (id: string) => storage.flows.versions(id),

    templates: () => samples,

    async createFromTemplate(templateId: string, name: string | undefined, by: string) {
      const sample = samples.find((s) => s.id === templateId);
      if (sample === undefined) {
        throw new ApiError('BAD_REQUEST', `template "${templateId}" does not exist`, [
          'templateId',
        ]);
      }
      const input = { name: name ?? sample.title, description: sample.description };
      return service.create({ ...input, blueprint: sample.blueprint }, by);
    },
  };
  return service;
}

export type FlowService = ReturnType<typeof createFlowService>;
