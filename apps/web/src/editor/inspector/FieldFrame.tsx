import type { ReactNode } from 'react';
import type { FieldIds } from './field-props';

/**
 * The frame of a one-control field: its label above, the control, the help line and its
 * problems below (the control names them with `aria-describedby`, see `describedBy`).
 */
export function FieldFrame(props: {
  ids: FieldIds;
  label: string;
  help?: string | undefined;
  problems: readonly string[];
  /** After the label: a switch such as Value | Expression. */
  aside?: ReactNode;
  /** A list row's field: label for screen readers only, no help line. */
  bare?: boolean | undefined;
  children: ReactNode;
}) {
  const { ids, label, help, problems, aside, bare, children } = props;
  return (
    <div className={`setting${problems.length > 0 ? ' setting--invalid' : ''}`}>
      {bare ? (
        <label className="visually-hidden" htmlFor={ids.control}>
          {label}
        </label>
      ) : (
        <div className="setting__head">
          <label className="setting__label" htmlFor={ids.control}>
            {label}
          </label>
          {aside}
        </div>
      )}
      {children}
      {help && !bare && (
        <p className="setting__help" id={ids.help}>
          {help}
        </p>
      )}
      <Problems id={ids.problems} problems={problems} />
    </div>
  );
}

export function Problems({ id, problems }: { id: string; problems: readonly string[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="setting__problems" id={id} role="alert">
      {problems.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}

/** `aria-describedby` of a control: its help and its problems, when there are any. */
export function describedBy(ids: FieldIds, help: unknown, problems: readonly string[]) {
  const parts = [help ? ids.help : '', problems.length > 0 ? ids.problems : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
