import { useState } from 'react';
import { jsonProblem } from './JsonInput';

type ValueType = 'text' | 'number' | 'boolean' | 'null' | 'json';

const TYPES: readonly { type: ValueType; label: string }[] = [
  { type: 'text', label: 'Text' },
  { type: 'number', label: 'Number' },
  { type: 'boolean', label: 'Yes / no' },
  { type: 'null', label: 'Nothing (null)' },
  { type: 'json', label: 'JSON' },
];

export function typeOfValue(value: unknown): ValueType {
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (value === null || value === undefined) return 'null';
  return 'json';
}

/** A fixed value with its type shown and chosen: the text A, the number 3, yes, nothing, JSON. */
export function CaseValueInput(props: {
  id: string;
  label: string;
  value: unknown;
  readOnly: boolean;
  onChange: (value: unknown) => void;
}) {
  const { id, label, value, readOnly, onChange } = props;
  const type = typeOfValue(value);
  const [json, setJson] = useState(() => JSON.stringify(value));
  const wrong = type === 'json' ? jsonProblem(json) : null;
  const retype = (next: ValueType) => {
    if (next === 'text') {
      onChange(
        value === null || value === undefined
          ? ''
          : typeof value === 'string'
            ? value
            : JSON.stringify(value),
      );
    }
    if (next === 'number') onChange(Number(value) || 0);
    if (next === 'boolean') onChange(true);
    if (next === 'null') onChange(null);
    if (next === 'json') {
      setJson(JSON.stringify(value ?? {}));
      onChange(typeof value === 'object' && value !== null ? value : {});
    }
  };
  return (
    <div className="case-value">
      <select
        className="input case-value__type"
        aria-label={`${label}: type of value`}
        value={type}
        disabled={readOnly}
        onChange={(e) => retype(e.target.value as ValueType)}
      >
        {TYPES.map((t) => (
          <option key={t.type} value={t.type}>
            {t.label}
          </option>
        ))}
      </select>
      {type === 'text' && (
        <input
          id={id}
          className="input"
          aria-label={`${label}: value`}
          value={String(value)}
          readOnly={readOnly}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {type === 'number' && (
        <input
          id={id}
          className="input"
          type="number"
          aria-label={`${label}: value`}
          value={Number(value)}
          readOnly={readOnly}
          onChange={(e) => {
            const n = e.target.valueAsNumber;
            if (Number.isFinite(n)) onChange(n);
            else if (Number.isNaN(n)) onChange(0);
          }}
        />
      )}
      {type === 'boolean' && (
        <select
          id={id}
          className="input"
          aria-label={`${label}: value`}
          value={String(value)}
          disabled={readOnly}
          onChange={(e) => onChange(e.target.value === 'true')}
        >
          <option value="true">Yes (true)</option>
          <option value="false">No (false)</option>
        </select>
      )}
      {type === 'json' && (
        <>
          <input
            id={id}
            className="input input--mono"
            aria-label={`${label}: value`}
            value={json}
            readOnly={readOnly}
            onChange={(e) => {
              setJson(e.target.value);
              if (jsonProblem(e.target.value) === null)
                onChange(JSON.parse(e.target.value) as unknown);
            }}
          />
          {wrong && (
            <span className="setting__problems" role="alert">
              {wrong}
            </span>
          )}
        </>
      )}
    </div>
  );
}
