/**
 * How the editor shows a kind's settings: one `FormField` per setting, in order, with a human
 * label, a one-line help, a unit and the widget that edits it. Plain JSON: it travels to the
 * browser in the catalog beside the config's JSON Schema, which stays the machine's contract.
 *
 * A field edits `config[key]` (for structural kinds, `options[key]`); fields inside a group or a
 * list item edit the keys of that object. `key: ''` is the value itself (a list item that is a
 * plain string, a key-value entry's value).
 */
export type FormField =
  | TextField
  | NumberField
  | DurationField
  | BytesField
  | ToggleField
  | ChoiceField
  | ExpressionField
  | ValueOrExpressionField
  | JsonField
  | ListField
  | GroupField
  | KeyValueField
  | PeopleField
  | FormBuilderField
  | CasesField
  | BranchField
  | FlowField
  | BindingsField
  | ChildrenField;

export type FormWidget = FormField['widget'];

export interface FieldBase {
  readonly key: string;
  /** What a person calls it: "Wait at most", never `afterMs`. */
  readonly label: string;
  /** One line under the field. */
  readonly help?: string;
  /** For "Transform needs an expression": what is missing (default: "a <label in lower case>"). */
  readonly missing?: string;
  /** Kept under "More settings", collapsed until opened. */
  readonly advanced?: boolean;
  /** Shown only while a sibling setting has one of these values (`null` matches a missing one). */
  readonly showWhen?: { readonly key: string; readonly equals: readonly unknown[] };
}

/** Where a text field's suggestions come from: names the rest of the flow already uses. */
export type Suggestions = 'stateKeys' | 'events' | 'collections';

export interface TextField extends FieldBase {
  readonly widget: 'text';
  readonly placeholder?: string;
  /** Rows of a multi-line text; markdown is previewed as the approver sees it. */
  readonly rows?: number;
  readonly markdown?: boolean;
  readonly suggest?: Suggestions;
}

export interface NumberField extends FieldBase {
  readonly widget: 'number';
  /** After the input: "retries", "items at once". */
  readonly unit?: string;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** The value may be empty (stored as `null`, or left out): what empty means, e.g. "No limit". */
  readonly empty?: { readonly label: string; readonly stored: 'null' | 'absent' };
}

/** Milliseconds, edited as a number and a unit (seconds, minutes, hours, days). */
export interface DurationField extends FieldBase {
  readonly widget: 'duration';
  readonly min?: number;
  readonly max?: number;
}

/** Bytes, edited as a number and a unit (KB, MB). */
export interface BytesField extends FieldBase {
  readonly widget: 'bytes';
  readonly max?: number;
}

export interface ToggleField extends FieldBase {
  readonly widget: 'toggle';
}

export interface ChoiceOption {
  readonly value: string;
  readonly label: string;
  readonly help?: string;
}

export interface ChoiceField extends FieldBase {
  readonly widget: 'choice';
  readonly options?: readonly ChoiceOption[];
  /** The options are the strings of a list setting of the same config (e.g. `categories`). */
  readonly optionsFrom?: string;
  /** Several may be picked (the value is a list). */
  readonly many?: boolean;
  /** A short list shows as buttons side by side. */
  readonly display?: 'buttons' | 'menu';
}

/**
 * JSONata over `{ input, state }` (`jsonata`), or text with `{{ expression }}` segments
 * (`template`); checked as typed and previewed on sample data.
 */
export interface ExpressionField extends FieldBase {
  readonly widget: 'expression';
  readonly syntax: 'jsonata' | 'template';
  readonly rows?: number;
  readonly placeholder?: string;
  /** What the preview shows: "The new value", "true sends it down this case". */
  readonly result?: string;
}

/**
 * Either a fixed value or an expression, with a visible Value | Expression switch. `prefix`: a
 * string, an expression when it starts with `=`; `object`: `{ value }` or `{ expression }`.
 */
export interface ValueOrExpressionField extends FieldBase {
  readonly widget: 'valueOrExpression';
  readonly encoding: 'prefix' | 'object';
  readonly placeholder?: string;
}

/** Any JSON value, checked as typed. */
export interface JsonField extends FieldBase {
  readonly widget: 'json';
  readonly placeholder?: string;
}

export interface ListField extends FieldBase {
  readonly widget: 'list';
  /** One item's field (`key: ''`); a group for items that are objects. */
  readonly item: FormField;
  /** "Category": items are titled "Category 1", "Category 2". */
  readonly itemLabel: string;
  readonly addLabel: string;
  readonly minItems?: number;
}

export interface GroupField extends FieldBase {
  readonly widget: 'group';
  readonly fields: readonly FormField[];
  /** The whole group may be absent: a switch with this label turns it on. */
  readonly optional?: { readonly toggle: string };
}

export interface KeyValueField extends FieldBase {
  readonly widget: 'keyValue';
  readonly keyLabel: string;
  readonly value: FormField;
  readonly addLabel: string;
}

/** Who may decide: roles and people of the studio, picked from its directory. */
export interface PeopleField extends FieldBase {
  readonly widget: 'people';
}

/** A JSON Schema of type object, built field by field and previewed as its audience sees it. */
export interface FormBuilderField extends FieldBase {
  readonly widget: 'formBuilder';
  readonly audience: 'approver' | 'runner';
}

/** A branch's cases (`options.cases`) with their mode. */
export interface CasesField extends FieldBase {
  readonly widget: 'cases';
}

/** The branch a merge closes (`options.match`): derived from the graph, or picked from a list. */
export interface BranchField extends FieldBase {
  readonly widget: 'branch';
}

/** A stored flow and its version (`options.flow`), picked from the studio's flows. */
export interface FlowField extends FieldBase {
  readonly widget: 'flow';
}

/** Paths mapped from one scope to another (a sub-flow's capture / write-back). */
export interface BindingsField extends FieldBase {
  readonly widget: 'bindings';
  readonly targets: readonly ChoiceOption[];
  readonly sourceHint: string;
}

/** The steps inside a group, in order (a batch's branches): reordered, never typed. */
export interface ChildrenField extends FieldBase {
  readonly widget: 'children';
}
