import { memo } from 'react';

/** A free JSON answer (pauses without a form), with its parse problem under it. */
export const JsonAnswerField = memo(function JsonAnswerField(props: {
  id: string;
  text: string;
  problem: string | null;
  disabled: boolean;
  onChange: (text: string) => void;
}) {
  const { id, text, problem, disabled, onChange } = props;
  return (
    <div className="field json-answer">
      <label className="field__label" htmlFor={id}>
        Answer (JSON)
      </label>
      <textarea
        id={id}
        className="input input--mono"
        rows={5}
        spellCheck={false}
        value={text}
        disabled={disabled}
        placeholder='{"approved": true}'
        aria-invalid={problem !== null}
        aria-describedby={problem === null ? `${id}-help` : `${id}-problem`}
        onChange={(event) => onChange(event.target.value)}
      />
      {problem === null ? (
        <span id={`${id}-help`} className="help">
          The value the paused step continues with.
        </span>
      ) : (
        <span id={`${id}-problem`} className="field__problem" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
});
