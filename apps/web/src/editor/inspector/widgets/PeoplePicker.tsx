import { useQuery } from '@tanstack/react-query';
import type { PeopleField } from '@triggerflow/nodes';
import { useTRPC } from '../../../api/trpc';
import { ROLE_INFO } from '../../../users/roles';
import { Problems } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { useInspectorScope } from '../inspector-context';
import { useFieldIds } from '../useFieldIds';
import { isRecord } from '../values';

interface Approvers {
  roles: string[];
  users: string[];
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

function approversOf(value: unknown): Approvers {
  return isRecord(value)
    ? { roles: strings(value['roles']), users: strings(value['users']) }
    : { roles: [], users: [] };
}

/** Who may decide: roles of the studio (check boxes) and people picked from its directory. */
export function PeoplePicker(props: FieldProps<PeopleField>) {
  const { field, value, path, onChange } = props;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const problems = scope.problemsAt(path);
  const trpc = useTRPC();
  const directory = useQuery(trpc.users.directory.queryOptions(undefined, { staleTime: 60_000 }));
  const people = directory.data ?? [];
  const picked = approversOf(value);
  const set = (next: Approvers) => onChange(next);
  const nameOf = (id: string) =>
    people.find((p) => p.id === id)?.name ?? (directory.isPending ? '…' : 'Someone no longer here');
  const others = people.filter((p) => !picked.users.includes(p.id));
  return (
    <fieldset
      className={`setting setting--group${problems.length > 0 ? ' setting--invalid' : ''}`}
      aria-describedby={problems.length > 0 ? ids.problems : undefined}
    >
      <legend className="setting__label">{field.label}</legend>
      {field.help && <p className="setting__help">{field.help}</p>}
      <div className="people">
        <span className="people__heading">Everyone with the role</span>
        {ROLE_INFO.filter((r) => r.role !== 'viewer' || picked.roles.includes(r.role)).map((r) => (
          <label key={r.role} className="setting__check" title={r.explanation}>
            <input
              type="checkbox"
              checked={picked.roles.includes(r.role)}
              disabled={scope.readOnly}
              onChange={(e) =>
                set({
                  ...picked,
                  roles: e.target.checked
                    ? [...picked.roles, r.role]
                    : picked.roles.filter((x) => x !== r.role),
                })
              }
            />
            <span>{r.label}</span>
          </label>
        ))}
        <span className="people__heading">These people</span>
        {picked.users.length > 0 && (
          <ul className="chips" aria-label="People who may decide">
            {picked.users.map((id) => (
              <li key={id} className="chip">
                {nameOf(id)}
                {!scope.readOnly && (
                  <button
                    type="button"
                    className="chip__remove"
                    aria-label={`Remove ${nameOf(id)}`}
                    onClick={() => set({ ...picked, users: picked.users.filter((x) => x !== id) })}
                  >
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {!scope.readOnly && (
          <select
            className="input"
            aria-label="Add a person who may decide"
            value=""
            onChange={(e) => {
              if (e.target.value) set({ ...picked, users: [...picked.users, e.target.value] });
            }}
          >
            <option value="">
              {directory.isPending
                ? 'Loading the people…'
                : others.length === 0
                  ? 'Everyone is picked'
                  : 'Add a person…'}
            </option>
            {others.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </div>
      <Problems id={ids.problems} problems={problems} />
    </fieldset>
  );
}
