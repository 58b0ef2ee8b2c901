import { memo, type Ref } from 'react';
import { ROLE_INFO, withRole, type Role } from './roles';

interface RoleCheckboxesProps {
  /** A unique prefix for the inputs' ids (`useId()`). */
  id: string;
  legend: string;
  roles: readonly Role[];
  onChange: (roles: Role[]) => void;
  /** Shown under the choices and read with them, e.g. "Choose at least one role." */
  error?: string | undefined;
  disabled?: boolean;
  /** The first checkbox, to move focus to when the roles need fixing. */
  firstRef?: Ref<HTMLInputElement>;
}

/** One checkbox per role, each with its one-line explanation as its description. */
export const RoleCheckboxes = memo(function RoleCheckboxes({
  id,
  legend,
  roles,
  onChange,
  error,
  disabled = false,
  firstRef,
}: RoleCheckboxesProps) {
  const errorId = `${id}-error`;
  return (
    <fieldset
      className="role-choices"
      aria-describedby={error === undefined ? undefined : errorId}
      disabled={disabled}
    >
      <legend className="field__label">{legend}</legend>
      {ROLE_INFO.map((info, index) => {
        const inputId = `${id}-${info.role}`;
        return (
          <div key={info.role} className="role-choice">
            <input
              ref={index === 0 ? firstRef : undefined}
              id={inputId}
              type="checkbox"
              checked={roles.includes(info.role)}
              aria-describedby={`${inputId}-help`}
              onChange={(event) => onChange(withRole(roles, info.role, event.target.checked))}
            />
            <label htmlFor={inputId} className="role-choice__label">
              {info.label}
            </label>
            <span id={`${inputId}-help`} className="role-choice__help">
              {info.explanation}
            </span>
          </div>
        );
      })}
      {error !== undefined && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
});
