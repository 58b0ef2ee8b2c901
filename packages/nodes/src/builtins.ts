import { NodeCatalog } from './catalog';
import type { NodeKind } from './kind';
import { agentKind, classifyKind } from './kinds/agent';
import { approvalKind } from './kinds/approval';
import { dataKinds } from './kinds/data';
import { httpKind } from './kinds/http';

/** Every built-in kind, in palette order. */
export const builtinKinds: readonly NodeKind<unknown>[] = [
  ...dataKinds,
  httpKind,
  approvalKind,
  agentKind,
  classifyKind,
];

/** A catalog with the built-in kinds; register your own kinds on it the same way. */
export const createBuiltinCatalog = (): NodeCatalog => new NodeCatalog(builtinKinds);
