import type { GroupField } from '@triggerflow/nodes';
import { Problems } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { useInspectorScope } from '../inspector-context';
import { SettingsFields } from '../SettingsFields';
import { useFieldIds } from '../useFieldIds';
import { isRecord } from '../values';

/**
 * Settings that belong together (a timeout: how long, then what). An optional group is off until
 * its switch is turned on ("Stop waiting after a while"); turning it off removes it.
 */
export function GroupInput(props: FieldProps<GroupField>) {
  const { field, value, schema, path, root, onChange } = props;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const problems = scope.problemsAt(path);
  const on = value !== undefined && value !== null;
  return (
    <fieldset className="setting setting--group">
      <legend className="setting__label">{field.label}</legend>
      {field.optional && (
        <label className="setting__check">
          <input
            type="checkbox"
            checked={on}
            disabled={scope.readOnly}
            onChange={(e) => onChange(e.target.checked ? {} : undefined)}
          />
          <span>{field.optional.toggle}</span>
        </label>
      )}
      {field.help && <p className="setting__help">{field.help}</p>}
      <Problems id={ids.problems} problems={problems} />
      {(on || !field.optional) && (
        <div className="setting__group-body">
          <SettingsFields
            fields={field.fields}
            value={isRecord(value) ? value : {}}
            schema={schema}
            path={path}
            root={root}
            onChange={onChange}
          />
        </div>
      )}
    </fieldset>
  );
}
