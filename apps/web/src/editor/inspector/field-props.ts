import type { FormField } from '@triggerflow/nodes';
import type { JsonSchema } from './values';

/** What every widget gets: its field, value and schema, where it is, and how to change it. */
export interface FieldProps<F extends FormField = FormField> {
  readonly field: F;
  /** The stored value (undefined when the setting is absent). */
  readonly value: unknown;
  readonly schema: JsonSchema | undefined;
  /** The object must hold the setting (an emptied text is kept as '' and reported). */
  readonly required: boolean;
  /** The settings path of the value (`['rules', 0, 'output']`). */
  readonly path: readonly (string | number)[];
  /** The whole settings object (`optionsFrom` reads it). */
  readonly root: unknown;
  /** A new value; `undefined` removes the setting. */
  readonly onChange: (value: unknown) => void;
  /** Inside a list row: the label is for screen readers only, the help is the list's. */
  readonly bare?: boolean;
}

/** The element ids of a field: its control, its help and its problems. */
export interface FieldIds {
  readonly control: string;
  readonly help: string;
  readonly problems: string;
}
