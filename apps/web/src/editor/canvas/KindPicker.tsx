import { memo, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { fitsOnEdge, hasInput, searchCatalog, type CatalogEntry } from '../catalog';
import { categoryName } from '../categories';
import { KindIcon } from '../KindIcon';
import type { PickerRequest } from '../store/editor-store';

const WIDTH = 280;
const HEIGHT = 340;

interface KindPickerProps {
  request: PickerRequest;
  catalog: readonly CatalogEntry[];
  onPick: (entry: CatalogEntry) => void;
  onClose: () => void;
}

/**
 * The searchable kind picker of "add the next node" (from an output handle) and "insert on an
 * edge": type to filter, arrows to move, Enter to add, Escape or a click elsewhere to close. Only
 * kinds that can be wired there are offered (no start after a handle, no end inside an edge).
 */
export const KindPicker = memo(function KindPicker(props: KindPickerProps) {
  const { request, catalog, onPick, onClose } = props;
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const listId = useId();
  const offered = useMemo(
    () => catalog.filter(request.edgeId !== undefined ? fitsOnEdge : hasInput),
    [catalog, request.edgeId],
  );
  const found = useMemo(() => searchCatalog(offered, query), [offered, query]);
  useEffect(() => {
    const away = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) onClose();
    };
    window.addEventListener('pointerdown', away);
    return () => window.removeEventListener('pointerdown', away);
  }, [onClose]);
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') return onClose();
    if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, found.length - 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter') {
      const entry = found[active];
      if (entry !== undefined) onPick(entry);
    } else return;
    event.preventDefault();
  };
  // Kept inside the window.
  const left = Math.max(8, Math.min(request.screen.x, window.innerWidth - WIDTH - 8));
  const top = Math.max(8, Math.min(request.screen.y, window.innerHeight - HEIGHT - 8));
  const title = request.edgeId !== undefined ? 'Insert a step here' : 'Add the next step';
  return (
    <div
      ref={root}
      className="kind-picker"
      role="dialog"
      aria-label={title}
      style={{ left, top, width: WIDTH, maxHeight: HEIGHT }}
      onKeyDown={onKey}
    >
      <input
        className="input"
        autoFocus
        type="search"
        placeholder={`${title}: search kinds…`}
        aria-label="Search node kinds"
        aria-controls={listId}
        aria-activedescendant={found[active] ? `${listId}-${found[active].kind}` : undefined}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
      />
      <ul id={listId} role="listbox" className="kind-picker__list" aria-label="Node kinds">
        {found.length === 0 && <li className="empty">No kind matches “{query}”.</li>}
        {found.map((entry, i) => (
          <li
            key={entry.kind}
            id={`${listId}-${entry.kind}`}
            role="option"
            aria-selected={i === active}
            className={`kind-picker__item${i === active ? ' kind-picker__item--active' : ''}`}
            onPointerEnter={() => setActive(i)}
            onClick={() => onPick(entry)}
          >
            <KindIcon name={entry.icon} />
            <span className="kind-picker__label">{entry.label}</span>
            <span className="kind-picker__category">{categoryName(entry.category)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
});
