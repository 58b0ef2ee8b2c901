/**
 * The form builder's model: a JSON Schema of type object (an approval's response form, a flow's
 * input form) as a list of fields a person edits — label, type, required, options, default, help
 * — and back. Only what the builder writes is read back as fields; a schema with anything else
 * (nested objects, patterns, $ref, …) is reported as not editable here, never silently changed.
 */
export type FieldType =
  'text' | 'longText' | 'number' | 'integer' | 'boolean' | 'choice' | 'date' | 'email';

export const FIELD_TYPES: readonly { type: FieldType; label: string }[] = [
  { type: 'text', label: 'Text' },
  { type: 'longText', label: 'Long text' },
  { type: 'number', label: 'Number' },
  { type: 'integer', label: 'Whole number' },
  { type: 'boolean', label: 'Yes or no' },
  { type: 'choice', label: 'Choice' },
  { type: 'date', label: 'Date' },
  { type: 'email', label: 'Email address' },
];

export interface FormFieldModel {
  /** The key in the answer (`comment`): what expressions read (`input.response.comment`). */
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  readonly required: boolean;
  /** A choice's options. */
  readonly options: readonly string[];
  readonly help: string;
  /** The prefilled value (of the field's type), or undefined. */
  readonly defaultValue: unknown;
}

export type FormModel =
  | {
      readonly editable: true;
      readonly fields: readonly FormFieldModel[];
      readonly keep: Readonly<Record<string, unknown>>;
    }
  | { readonly editable: false; readonly reason: string };

/** Longer than this, a text is a long text (a text area). */
export const LONG_TEXT_LENGTH = 10_000;

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const FIELD_KEYS = new Set([
  'type',
  'title',
  'description',
  'default',
  'enum',
  'format',
  'maxLength',
]);
const FORM_KEYS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  '$schema',
  'title',
  'description',
]);

/** The field type of a property, or what it is when the builder has no such type. */
function typeOf(property: Json): string {
  const { type, format, maxLength } = property;
  if (type === 'string' && Array.isArray(property['enum'])) return 'choice';
  if (type === 'string' && format === 'date') return 'date';
  if (type === 'string' && format === 'email') return 'email';
  if (type === 'string' && format !== undefined)
    return `a text of format ${JSON.stringify(format)}`;
  if (type === 'string')
    return typeof maxLength === 'number' && maxLength >= LONG_TEXT_LENGTH ? 'longText' : 'text';
  if (type === 'number' || type === 'integer' || type === 'boolean') return type;
  return `a field of type ${JSON.stringify(type)}`;
}

const KNOWN = new Set<string>(FIELD_TYPES.map((t) => t.type));

/**
 * The fields of `schema`; `hidden` names fields the builder leaves as they are (an approval's
 * `decision`, which the Approve / Reject buttons fill) and keeps in `keep`.
 */
export function modelOf(schema: unknown, hidden: readonly string[] = []): FormModel {
  if (schema === undefined || schema === null) return { editable: true, fields: [], keep: {} };
  if (!isRecord(schema) || schema['type'] !== 'object') {
    return { editable: false, reason: 'it is not a form of fields (a JSON Schema of type object)' };
  }
  const extra = Object.keys(schema).filter((k) => !FORM_KEYS.has(k));
  if (extra.length > 0) return { editable: false, reason: `it uses ${extra.join(', ')}` };
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  const required = new Set(Array.isArray(schema['required']) ? schema['required'] : []);
  const fields: FormFieldModel[] = [];
  const keep: Json = {};
  for (const [name, property] of Object.entries(properties)) {
    if (hidden.includes(name)) {
      keep[name] = property;
      continue;
    }
    if (!isRecord(property)) return { editable: false, reason: `field ${name} is not a field` };
    const type = typeOf(property);
    if (!KNOWN.has(type)) return { editable: false, reason: `field ${name} is ${type}` };
    const unknownKeys = Object.keys(property).filter((k) => !FIELD_KEYS.has(k));
    if (unknownKeys.length > 0) {
      return { editable: false, reason: `field ${name} uses ${unknownKeys.join(', ')}` };
    }
    fields.push({
      name,
      label: typeof property['title'] === 'string' ? property['title'] : name,
      type: type as FieldType,
      required: required.has(name),
      options: Array.isArray(property['enum']) ? property['enum'].map(String) : [],
      help: typeof property['description'] === 'string' ? property['description'] : '',
      defaultValue: property['default'],
    });
  }
  return { editable: true, fields, keep };
}

function propertyOf(field: FormFieldModel): Json {
  const out: Json = { title: field.label };
  switch (field.type) {
    case 'text':
      out['type'] = 'string';
      break;
    case 'longText':
      Object.assign(out, { type: 'string', maxLength: LONG_TEXT_LENGTH });
      break;
    case 'number':
    case 'integer':
    case 'boolean':
      out['type'] = field.type;
      break;
    case 'choice':
      Object.assign(out, { type: 'string', enum: [...field.options] });
      break;
    case 'date':
    case 'email':
      Object.assign(out, { type: 'string', format: field.type });
      break;
  }
  if (field.help) out['description'] = field.help;
  if (field.defaultValue !== undefined) out['default'] = field.defaultValue;
  return out;
}

/** The JSON Schema of `fields` (after the kept ones), of type object, closed to other keys. */
export function schemaOf(fields: readonly FormFieldModel[], keep: Readonly<Json> = {}): Json {
  const properties: Json = { ...keep };
  for (const field of fields) properties[field.name] = propertyOf(field);
  const required = [
    ...Object.keys(keep).filter((k) => k === 'decision'),
    ...fields.filter((f) => f.required).map((f) => f.name),
  ];
  return {
    type: 'object',
    properties,
    ...(required.length > 0 && { required }),
    additionalProperties: false,
  };
}

/** `dueDate` from "Due date": a name for the answer, unique among `taken`. */
export function nameFor(label: string, taken: ReadonlySet<string>): string {
  const words = label
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const base =
    words
      .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]?.toUpperCase() + w.slice(1).toLowerCase()))
      .join('')
      .replace(/^[0-9]+/, '') || 'field';
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}${n}`)) n += 1;
  return `${base}${n}`;
}

/** What a field's problems are, in words (empty label, duplicate name, a choice without options). */
export function fieldProblems(fields: readonly FormFieldModel[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const say = (i: number, message: string) => out.set(i, [...(out.get(i) ?? []), message]);
  const names = new Map<string, number>();
  fields.forEach((f, i) => {
    if (f.label.trim() === '') say(i, 'Give the field a label.');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(f.name))
      say(i, 'The name in the answer must be a word such as comment or dueDate.');
    const first = names.get(f.name);
    if (first !== undefined) say(i, `Field ${first + 1} already uses the name ${f.name}.`);
    else names.set(f.name, i);
    if (f.type === 'choice' && f.options.filter((o) => o.trim() !== '').length < 2) {
      say(i, 'A choice needs at least two options.');
    }
  });
  return out;
}

/** "Comment (optional), Priority": the fields in one line for the inspector. */
export function summaryOf(fields: readonly FormFieldModel[]): string {
  if (fields.length === 0) return 'No fields';
  return fields.map((f) => (f.required ? f.label : `${f.label} (optional)`)).join(', ');
}
