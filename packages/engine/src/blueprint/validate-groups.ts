import {
  describeNode,
  graphNode,
  graphNodes,
  nodesOfKind,
  report,
  type GraphNode,
  type ValidationContext,
} from './validate-context';

const GROUP_KINDS: readonly string[] = ['forEach', 'batch'];

/** `parentId` must name a forEach or batch group, without a loop of parents. */
export function checkParents(ctx: ValidationContext): void {
  for (const child of graphNodes(ctx)) {
    const parentId = child.node.parentId;
    if (parentId === undefined) continue;
    const path = ['nodes', child.index, 'parentId'];
    const parent = ctx.byId.get(parentId);
    if (parent === undefined) {
      report(ctx, 'INVALID_PARENT', 'error', {
        message: `${describeNode(child)} names parent '${parentId}', which is not a node`,
        nodeId: child.id,
        path,
      });
    } else if (parent.node !== undefined && !GROUP_KINDS.includes(parent.node.kind)) {
      report(ctx, 'INVALID_PARENT', 'error', {
        message: `${describeNode(child)} names parent ${describeNode(parent)}; a parent must be a forEach or batch node`,
        nodeId: child.id,
        path,
      });
    } else if (inParentLoop(ctx, child)) {
      report(ctx, 'INVALID_PARENT', 'error', {
        message: `${describeNode(child)} is its own ancestor through parentId '${parentId}'`,
        nodeId: child.id,
        path,
      });
    }
  }
}

function inParentLoop(ctx: ValidationContext, start: GraphNode): boolean {
  const visited = new Set<string>();
  let current: GraphNode | undefined = start;
  while (current?.node.parentId !== undefined) {
    if (visited.has(current.id)) return false; // a loop above `start`, reported on its members
    visited.add(current.id);
    const parentId: string = current.node.parentId;
    if (parentId === start.id) return true;
    current = graphNode(ctx.byId.get(parentId));
  }
  return false;
}

/** A batch's `branches` name exactly its children, in order, and every child is a chunk. */
export function checkBatches(ctx: ValidationContext): void {
  for (const batch of nodesOfKind(ctx, 'batch')) {
    const branches = batch.node.options.branches;
    const children = graphNodes(ctx).filter((n) => n.node.parentId === batch.id);
    const childIds = new Set(children.map((c) => c.id));
    const at = ['nodes', batch.index, 'options', 'branches'];
    const mismatch = (message: string, path: (string | number)[]): void =>
      report(ctx, 'BATCH_BRANCH_MISMATCH', 'error', {
        message: `${describeNode(batch)}: ${message}`,
        nodeId: batch.id,
        path,
      });
    branches.forEach((branch, i) => {
      if (branches.indexOf(branch) !== i) {
        mismatch(`branch '${branch}' is listed twice`, [...at, i]);
      } else if (!childIds.has(branch)) {
        mismatch(
          `branch '${branch}' is not a child of the batch (no node with that id has parentId '${batch.id}')`,
          [...at, i],
        );
      }
    });
    for (const child of children) {
      if (!branches.includes(child.id)) {
        mismatch(`child '${child.id}' is missing from options.branches`, at);
      } else if (child.node.kind !== 'chunk') {
        mismatch(
          `branch '${child.id}' is a ${child.node.kind} node; batch branches must be chunk nodes`,
          [...at, branches.indexOf(child.id)],
        );
      }
    }
  }
}

/** Every endMatch closes a match, and a match is closed at most once. */
export function checkEndMatches(ctx: ValidationContext): void {
  const closedBy = new Map<string, string>();
  for (const end of nodesOfKind(ctx, 'endMatch')) {
    const matchId = end.node.options.match;
    const path = ['nodes', end.index, 'options', 'match'];
    const match = ctx.byId.get(matchId);
    if (match !== undefined && match.node === undefined) continue; // already reported as invalid
    if (match?.node?.kind !== 'match') {
      const what = match === undefined ? 'which is not a node' : `which is ${describeNode(match)}`;
      report(ctx, 'UNKNOWN_MATCH', 'error', {
        message: `${describeNode(end)} closes '${matchId}', ${what}; expected a match node`,
        nodeId: end.id,
        path,
      });
      continue;
    }
    const first = closedBy.get(matchId);
    if (first === undefined) {
      closedBy.set(matchId, end.id);
      continue;
    }
    report(ctx, 'DUPLICATE_END_MATCH', 'error', {
      message: `${describeNode(end)} closes match '${matchId}', which '${first}' already closes`,
      nodeId: end.id,
      path,
    });
  }
}
