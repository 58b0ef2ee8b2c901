import type { MatchCaseSpec } from '@triggerflow/blueprint';
import { memo, useId } from 'react';
import type { NodeData } from '../model/convert';
import { JsonataError } from './JsonataError';
import { useJsonataCheck } from './useJsonataCheck';

type MatchData = Extract<NodeData, { kind: 'match' }>;
type GroupData = Extract<NodeData, { kind: 'forEach' | 'batch' }>;

interface FormProps<D> {
  data: D;
  onChange: (data: NodeData, field: string) => void;
}

/** forEach / batch: how many items or branches run at once (empty = no limit). */
export const ConcurrencyForm = memo(function ConcurrencyForm({
  data,
  onChange,
}: FormProps<GroupData>) {
  return (
    <label className="field">
      <span className="field__label">Concurrency</span>
      <input
        className="input"
        type="number"
        min={1}
        value={data.options.concurrency ?? ''}
        placeholder="no limit"
        onChange={(e) => {
          const n = e.target.valueAsNumber;
          const concurrency = Number.isInteger(n) && n > 0 ? n : null;
          onChange(
            { ...data, options: { ...data.options, concurrency } } as NodeData,
            'concurrency',
          );
        }}
      />
    </label>
  );
});

const conditionText = (c: MatchCaseSpec): string => {
  if (c.when === undefined) return '';
  if ('expression' in c.when) return c.when.expression;
  if ('ref' in c.when) return c.when.ref;
  return JSON.stringify(c.when.value);
};

/** match: the mode and one row per case (id and JSONata predicate), the else case last. */
export const MatchForm = memo(function MatchForm({ data, onChange }: FormProps<MatchData>) {
  const { cases, mode } = data.options;
  const ids = useId();
  const checkJsonata = useJsonataCheck();
  const setCases = (next: MatchCaseSpec[], field: string) =>
    onChange({ ...data, options: { ...data.options, cases: next } }, field);
  return (
    <fieldset className="structural-form">
      <legend>Cases</legend>
      <label className="field">
        <span className="field__label">Mode</span>
        <select
          className="input"
          value={mode}
          onChange={(e) =>
            onChange(
              {
                ...data,
                options: { ...data.options, mode: e.target.value as MatchData['options']['mode'] },
              },
              'mode',
            )
          }
        >
          <option value="hitFirst">First matching case</option>
          <option value="hitAll">Every matching case</option>
        </select>
      </label>
      {cases.map((c, i) => {
        const problem =
          c.when !== undefined && 'expression' in c.when
            ? checkJsonata?.('expression', c.when.expression)
            : undefined;
        const errorId = `${ids}-case-${i}-error`;
        return (
          <div key={i} className="case-row">
            <input
              className="input"
              aria-label={`Case ${i + 1} id`}
              value={c.id}
              onChange={(e) =>
                setCases(
                  cases.map((x, j) => (j === i ? { ...x, id: e.target.value } : x)),
                  `case-id:${i}`,
                )
              }
            />
            {c.isElse === true ? (
              <span className="case-row__else">else</span>
            ) : (
              <input
                className="input input--mono"
                aria-label={`Case ${i + 1} condition (JSONata)`}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? errorId : undefined}
                spellCheck={false}
                value={conditionText(c)}
                onChange={(e) =>
                  setCases(
                    cases.map((x, j) =>
                      j === i ? { ...x, when: { expression: e.target.value } } : x,
                    ),
                    `case-when:${i}`,
                  )
                }
              />
            )}
            <button
              type="button"
              className="button button--quiet"
              aria-label={`Remove case ${c.id}`}
              onClick={() =>
                setCases(
                  cases.filter((_, j) => j !== i),
                  `case-remove:${i}`,
                )
              }
            >
              ×
            </button>
            {problem && <JsonataError id={errorId} message={problem.message} />}
          </div>
        );
      })}
      <button
        type="button"
        className="button"
        onClick={() => {
          const at = cases.findIndex((c) => c.isElse === true);
          const added: MatchCaseSpec = {
            id: `case${cases.length + 1}`,
            when: { expression: 'true' },
          };
          const next = [...cases];
          next.splice(at === -1 ? next.length : at, 0, added);
          setCases(next, `case-add:${cases.length}`);
        }}
      >
        Add case
      </button>
    </fieldset>
  );
});
