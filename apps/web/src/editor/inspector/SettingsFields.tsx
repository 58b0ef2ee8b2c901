import type { FormField } from '@triggerflow/nodes';
import { FieldView } from './FieldView';
import { isRequired, isShown, propertyOf, read, write, type JsonSchema } from './values';

export interface SettingsFieldsProps {
  readonly fields: readonly FormField[];
  /** The object the fields edit (a config, options, a group's object, a list item). */
  readonly value: unknown;
  readonly schema: JsonSchema | undefined;
  readonly path: readonly (string | number)[];
  readonly root: unknown;
  /** The object's new value, and the key of the field that changed it (for undo steps). */
  readonly onChange: (value: unknown, key: string) => void;
}

/** The fields of one object, in order; those whose `showWhen` is not met are left out. */
export function SettingsFields(props: SettingsFieldsProps) {
  const { fields, value, schema, path, root, onChange } = props;
  return (
    <>
      {fields
        .filter((f) => isShown(f, value))
        .map((field) => (
          <FieldView
            key={field.key || field.label}
            field={field}
            value={read(value, field.key)}
            schema={propertyOf(schema, field.key)}
            required={isRequired(schema, field.key)}
            path={field.key === '' ? path : [...path, field.key]}
            root={root}
            onChange={(next) => onChange(write(value, field.key, next), field.key)}
          />
        ))}
    </>
  );
}
