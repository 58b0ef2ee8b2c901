import type { BranchField } from '@triggerflow/nodes';
import { useMemo } from 'react';
import { branchesUpstream } from '../../model/graph-queries';
import { useDoc } from '../../store/context';
import { useNodeName } from '../useNodeName';
import { describedBy, FieldFrame } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { useInspectorScope } from '../inspector-context';
import { useFieldIds } from '../useFieldIds';

/**
 * The branch a merge closes, found from the connections (the nearest Branch upstream) and shown
 * by name; when several could be meant, or none is found, it is picked from the flow's branches.
 */
export function BranchPicker(props: FieldProps<BranchField>) {
  const { field, value, path, onChange } = props;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const problems = scope.problemsAt(path);
  const doc = useDoc();
  const nameOf = useNodeName();
  const branches = useMemo(() => doc.nodes.filter((n) => n.data.kind === 'match'), [doc.nodes]);
  const upstream = useMemo(() => branchesUpstream(doc, scope.nodeId), [doc, scope.nodeId]);
  const derived = upstream[0];
  const current = typeof value === 'string' ? value : '';
  const known = branches.some((b) => b.id === current);
  const help =
    derived === undefined
      ? 'Connect the last step of each case here, or pick the branch.'
      : current === derived.id
        ? 'Found from the connections.'
        : `The connections lead here from “${nameOf(derived)}”.`;
  return (
    <FieldFrame ids={ids} label={field.label} help={help} problems={problems}>
      <select
        id={ids.control}
        className="input"
        value={known ? current : ''}
        disabled={scope.readOnly}
        aria-invalid={problems.length > 0 || undefined}
        aria-describedby={describedBy(ids, help, problems)}
        onChange={(e) => onChange(e.target.value)}
      >
        {!known && (
          <option value="">
            {branches.length === 0 ? 'The flow has no branch' : 'Pick a branch…'}
          </option>
        )}
        {branches.map((b) => (
          <option key={b.id} value={b.id}>
            {nameOf(b)}
            {b.id === derived?.id ? ' (connected)' : ''}
          </option>
        ))}
      </select>
      {derived !== undefined && current !== derived.id && !scope.readOnly && (
        <button type="button" className="button button--small" onClick={() => onChange(derived.id)}>
          Use “{nameOf(derived)}”
        </button>
      )}
    </FieldFrame>
  );
}
