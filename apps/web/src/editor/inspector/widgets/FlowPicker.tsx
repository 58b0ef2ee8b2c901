import { useQuery } from '@tanstack/react-query';
import type { FlowField } from '@triggerflow/nodes';
import { useState } from 'react';
import { useTRPC } from '../../../api/trpc';
import { useDebouncedValue } from '../../../flows/useDebouncedValue';
import { useEditor } from '../../store/context';
import { describedBy, FieldFrame } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { useInspectorScope } from '../inspector-context';
import { useFieldIds } from '../useFieldIds';
import { isRecord } from '../values';

interface FlowRef {
  flowId: string;
  version?: number;
}

function refOf(value: unknown): FlowRef | 'inline' | null {
  if (!isRecord(value)) return null;
  if ('inline' in value) return 'inline';
  const ref = value['ref'];
  if (!isRecord(ref) || typeof ref['flowId'] !== 'string') return null;
  return typeof ref['version'] === 'number'
    ? { flowId: ref['flowId'], version: ref['version'] }
    : { flowId: ref['flowId'] };
}

/**
 * The stored flow a sub-flow step runs, picked by name from the studio's flows (searchable), and
 * its version: the latest at run time, or a fixed one. The flow being edited is not offered.
 */
export function FlowPicker(props: FieldProps<FlowField>) {
  const { field, value, path, onChange } = props;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const problems = scope.problemsAt(path);
  const trpc = useTRPC();
  const self = useEditor((s) => s.flowId);
  const [search, setSearch] = useState('');
  const query = useDebouncedValue(search, 200);
  const flows = useQuery(trpc.flows.list.queryOptions({ search: query || undefined, limit: 50 }));
  const ref = refOf(value);
  const picked = ref !== null && ref !== 'inline' ? ref : null;
  const current = useQuery({
    ...trpc.flows.get.queryOptions({ id: picked?.flowId ?? '' }),
    enabled: picked !== null && picked.flowId !== '',
    retry: false,
  });
  const versions = useQuery({
    ...trpc.flows.versions.queryOptions({ id: picked?.flowId ?? '' }),
    enabled: picked !== null && picked.flowId !== '',
  });
  if (ref === 'inline') {
    return (
      <div className="setting">
        <span className="setting__label">{field.label}</span>
        <p className="setting__summary">A flow written inside this one.</p>
      </div>
    );
  }
  const choices = (flows.data?.items ?? []).filter((f) => f.id !== self);
  const pickedName = current.data?.flow.name;
  const gone = picked !== null && picked.flowId !== '' && current.isError;
  const setRef = (next: FlowRef) => onChange({ ref: next });
  return (
    <FieldFrame
      ids={ids}
      label={field.label}
      help={field.help}
      problems={gone ? [...problems, 'That flow no longer exists: pick another.'] : problems}
    >
      <input
        className="input"
        type="search"
        placeholder="Search the flows…"
        aria-label="Search the flows"
        value={search}
        readOnly={scope.readOnly}
        onChange={(e) => setSearch(e.target.value)}
      />
      <select
        id={ids.control}
        className="input"
        value={picked?.flowId ?? ''}
        disabled={scope.readOnly}
        aria-invalid={problems.length > 0 || gone || undefined}
        aria-describedby={describedBy(ids, field.help, problems)}
        onChange={(e) => setRef({ flowId: e.target.value })}
      >
        <option value="">{flows.isPending ? 'Loading the flows…' : 'Pick a flow…'}</option>
        {picked && pickedName && !choices.some((f) => f.id === picked.flowId) && (
          <option value={picked.flowId}>{pickedName}</option>
        )}
        {choices.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
      </select>
      {picked && picked.flowId !== '' && (
        <label className="setting">
          <span className="setting__label">Version</span>
          <select
            className="input"
            value={picked.version === undefined ? 'latest' : String(picked.version)}
            disabled={scope.readOnly}
            onChange={(e) =>
              setRef(
                e.target.value === 'latest'
                  ? { flowId: picked.flowId }
                  : { flowId: picked.flowId, version: Number(e.target.value) },
              )
            }
          >
            <option value="latest">The latest version when the run starts</option>
            {(versions.data ?? [])
              .slice()
              .reverse()
              .map((v) => (
                <option key={v.version} value={v.version}>
                  Version {v.version}
                  {v.note ? ` — ${v.note}` : ''}
                </option>
              ))}
          </select>
        </label>
      )}
    </FieldFrame>
  );
}
