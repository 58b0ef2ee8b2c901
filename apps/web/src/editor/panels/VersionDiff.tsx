import { memo } from 'react';
import type { DiffItem } from '../model/readable-diff';

const VERB: Readonly<Record<DiffItem['change'], string>> = {
  flow: 'Changed',
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
  moved: 'Moved on the canvas:',
  connected: 'Connected',
  disconnected: 'Disconnected',
};

/** The differences between two versions, in words: one entry per node, one line per setting. */
export const VersionDiff = memo(function VersionDiff({
  items,
  from,
  to,
}: {
  items: readonly DiffItem[] | null;
  from: number;
  to: number;
}) {
  if (items === null) return <p className="help">Loading the versions…</p>;
  if (items.length === 0) {
    return (
      <p className="versions-diff versions-diff--empty" aria-label="Differences">
        {from === to ? 'Pick two different versions to compare.' : 'No differences.'}
      </p>
    );
  }
  return (
    <ul className="versions-diff" aria-label="Differences">
      {items.map((item, i) => (
        <li key={i} className={`diff-item diff-item--${item.change}`}>
          <span className="diff-item__verb">{VERB[item.change]}</span> <strong>{item.title}</strong>
          {item.kind !== '' && <span className="help"> · {item.kind}</span>}
          {item.fields.length > 0 && (
            <table className="diff-fields">
              <tbody>
                {item.fields.map((field, j) => (
                  <tr key={j}>
                    <th scope="row">{field.label}</th>
                    <td className="diff-fields__before">{field.before}</td>
                    <td aria-hidden="true">→</td>
                    <td className="diff-fields__after">{field.after}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </li>
      ))}
    </ul>
  );
});
