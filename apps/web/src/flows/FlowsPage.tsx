import { useCallback, useId, useState } from 'react';
import { FlowList } from './FlowList';
import type { FlowNotice } from './flow-types';
import { FlowNoticeView } from './FlowNoticeView';
import { ErrorMessage } from '../app/ErrorMessage';
import { ImportFlowButton, type ImportProblem } from './ImportFlowButton';
import { NewFlowPanel } from './NewFlowPanel';
import { useDebouncedValue } from './useDebouncedValue';

/** `/flows`: search, create (blank or from a template), import, and the list with its actions. */
export function FlowsPage() {
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<FlowNotice | null>(null);
  const [importProblem, setImportProblem] = useState<ImportProblem | null>(null);
  const settledSearch = useDebouncedValue(search.trim(), 250);
  const panelId = useId();

  const report = useCallback((next: FlowNotice) => {
    setNotice(next);
    if (next.kind === 'created' && next.verb !== 'Duplicated') setCreating(false);
  }, []);
  const dismiss = useCallback(() => setNotice(null), []);
  const closePanel = useCallback(() => setCreating(false), []);

  return (
    <main className="page" aria-labelledby="flows-title">
      <header className="page__header">
        <h1 id="flows-title">Flows</h1>
        <div className="page__actions">
          <ImportFlowButton onImported={report} onProblem={setImportProblem} />
          <button
            type="button"
            className="button button--primary"
            aria-expanded={creating}
            aria-controls={panelId}
            onClick={() => setCreating((open) => !open)}
          >
            New flow
          </button>
        </div>
      </header>
      {creating && <NewFlowPanel id={panelId} onCreated={report} onClose={closePanel} />}
      {importProblem !== null && (
        <ErrorMessage {...importProblem} onDismiss={() => setImportProblem(null)} />
      )}
      {notice !== null && <FlowNoticeView notice={notice} onDismiss={dismiss} />}
      <div className="toolbar">
        <input
          type="search"
          className="input toolbar__search"
          aria-label="Search flows"
          placeholder="Search flows by name…"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      <FlowList search={settledSearch} onNotice={report} />
    </main>
  );
}
