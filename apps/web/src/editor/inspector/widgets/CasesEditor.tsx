import type { CaseConditionSpec, MatchCaseSpec } from '@triggerflow/blueprint';
import type { CasesField } from '@triggerflow/nodes';
import { useId } from 'react';
import { Problems } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { useInspectorScope } from '../inspector-context';
import { CaseValueInput } from './CaseValueInput';
import { ExpressionEditor } from './ExpressionInput';
import { ModeSwitch, type ValueMode } from './ModeSwitch';

const casesOf = (value: unknown): MatchCaseSpec[] =>
  Array.isArray(value) ? (value as MatchCaseSpec[]) : [];

/** A case id not taken yet (ids name the case's exit on the canvas: `case:<id>`). */
function freshCaseId(cases: readonly MatchCaseSpec[]): string {
  const taken = new Set(cases.map((c) => c.id));
  let n = cases.filter((c) => c.isElse !== true).length + 1;
  while (taken.has(`case-${n}`)) n += 1;
  return `case-${n}`;
}

function modeOf(when: CaseConditionSpec | undefined): ValueMode | 'ref' {
  if (when === undefined || 'value' in when) return 'value';
  return 'expression' in when ? 'expression' : 'ref';
}

/**
 * A branch's cases, in order: each compares the input with a value (`A`, typed and shown as
 * text) or tests it with an expression, behind an explicit Value | Expression switch; the else
 * exit is a switch of its own, always last.
 */
export function CasesEditor(props: FieldProps<CasesField>) {
  const { value, path, onChange } = props;
  const id = useId();
  const scope = useInspectorScope();
  const cases = casesOf(value);
  const plain = cases.filter((c) => c.isElse !== true);
  const elseCase = cases.find((c) => c.isElse === true);
  const set = (next: MatchCaseSpec[]) => onChange(next);
  const withElse = (list: MatchCaseSpec[], on: boolean): MatchCaseSpec[] =>
    on ? [...list, elseCase ?? { id: 'else', isElse: true }] : list;
  const replace = (i: number, next: MatchCaseSpec) =>
    set(
      withElse(
        plain.map((c, j) => (j === i ? next : c)),
        elseCase !== undefined,
      ),
    );
  const move = (from: number, to: number) => {
    const next = [...plain];
    const [c] = next.splice(from, 1);
    if (c) next.splice(to, 0, c);
    set(withElse(next, elseCase !== undefined));
  };
  return (
    <fieldset className="setting setting--list">
      <legend className="setting__label">Cases, in order</legend>
      <p className="setting__help">
        A value case is taken when the input equals its value; an expression case when its
        expression gives true.
      </p>
      <Problems id={`${id}-problems`} problems={scope.problemsAt(path)} />
      <ol className="list-input list-input--cards">
        {plain.map((c, i) => {
          const title = `Case ${i + 1}`;
          const mode = modeOf(c.when);
          const casePath = [...path, cases.indexOf(c)];
          const problems = scope.problemsAt(casePath);
          return (
            <li key={c.id} className="list-input__item" data-testid={`case-${i + 1}`}>
              <div className="list-input__body">
                <div className="setting__head">
                  <span className="list-input__title">{title}</span>
                  {mode === 'ref' ? (
                    <span className="help">uses a registered condition</span>
                  ) : (
                    <ModeSwitch
                      label={title}
                      mode={mode}
                      disabled={scope.readOnly}
                      onChange={(m) =>
                        replace(i, {
                          ...c,
                          when:
                            m === 'value'
                              ? { value: '' }
                              : {
                                  expression:
                                    c.when && 'value' in c.when
                                      ? `input = ${JSON.stringify(c.when.value)}`
                                      : 'true',
                                },
                        })
                      }
                    />
                  )}
                </div>
                {mode === 'value' && (
                  <>
                    <CaseValueInput
                      id={`${id}-case-${i}`}
                      label={title}
                      value={c.when && 'value' in c.when ? c.when.value : ''}
                      readOnly={scope.readOnly}
                      onChange={(v) => replace(i, { ...c, when: { value: v } })}
                    />
                    <Problems id={`${id}-case-${i}-problems`} problems={problems} />
                  </>
                )}
                {mode === 'expression' && c.when && 'expression' in c.when && (
                  <>
                    <ExpressionEditor
                      id={`${id}-case-${i}`}
                      label={title}
                      text={c.when.expression}
                      kind="expression"
                      result="The case is taken when this is true; it gives"
                      problems={problems}
                      problemsId={`${id}-case-${i}-problems`}
                      onChange={(text) => replace(i, { ...c, when: { expression: text } })}
                    />
                  </>
                )}
                {mode === 'ref' && c.when && 'ref' in c.when && (
                  <p className="help">Condition: {c.when.ref}</p>
                )}
              </div>
              {!scope.readOnly && (
                <div className="list-input__tools">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Move ${title} up`}
                    disabled={i === 0}
                    onClick={() => move(i, i - 1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Move ${title} down`}
                    disabled={i === plain.length - 1}
                    onClick={() => move(i, i + 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove ${title}`}
                    onClick={() =>
                      set(
                        withElse(
                          plain.filter((_, j) => j !== i),
                          elseCase !== undefined,
                        ),
                      )
                    }
                  >
                    ×
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {!scope.readOnly && (
        <button
          type="button"
          className="button button--small"
          onClick={() =>
            set(
              withElse(
                [...plain, { id: freshCaseId(cases), when: { value: '' } }],
                elseCase !== undefined,
              ),
            )
          }
        >
          + Add case
        </button>
      )}
      <label className="setting__check">
        <input
          type="checkbox"
          checked={elseCase !== undefined}
          disabled={scope.readOnly}
          onChange={(e) => set(withElse(plain, e.target.checked))}
        />
        <span>An “else” exit for when no case matches</span>
      </label>
    </fieldset>
  );
}
