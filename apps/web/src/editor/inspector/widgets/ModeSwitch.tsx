/** The Value | Expression switch beside a setting's label: it shows which one is stored. */
export type ValueMode = 'value' | 'expression';

export function ModeSwitch(props: {
  label: string;
  mode: ValueMode;
  disabled: boolean;
  onChange: (mode: ValueMode) => void;
}) {
  const { label, mode, disabled, onChange } = props;
  return (
    <span className="mode-switch" role="group" aria-label={`${label}: value or expression`}>
      {(['value', 'expression'] as const).map((m) => (
        <button
          key={m}
          type="button"
          className="mode-switch__option"
          aria-pressed={mode === m}
          disabled={disabled}
          onClick={() => mode !== m && onChange(m)}
        >
          {m === 'value' ? 'Value' : 'Expression'}
        </button>
      ))}
    </span>
  );
}
