import { useCallback, useId, useState } from 'react';
import { flowPath, navigate } from '../app/router';
import { usePermissions } from '../users/usePermissions';
import { VIEW_ONLY_REASON } from '../users/permissions';
import { FlowList } from './FlowList';
import type { FlowNotice } from './flow-types';
import { FlowNoticeView } from './FlowNoticeView';
import { ErrorMessage } from '../app/ErrorMessage';
import { ImportFlowButton, type ImportProblem } from './ImportFlowButton';
import { NewFlowPanel } from './NewFlowPanel';
import { useDebouncedValue } from './useDebouncedValue';

/**
 * `/flows`: search, create (blank or from a template) or import — either opens the new flow in
 * the editor — and the list with its actions. Someone who may not edit flows sees the list and a
 * note why there is nothing to create.
 */
export function FlowsPage() {
  const permissions = usePermissions();
  const mayEdit = permissions?.editFlows === true;
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<FlowNotice | null>(null);
  const [importProblem, setImportProblem] = useState<ImportProblem | null>(null);
  const settledSearch = useDebouncedValue(search.trim(), 250);
  const panelId = useId();

  const report = useCallback((next: FlowNotice) => {
    // A flow just created or imported opens in the editor (its problems show there).
    if (next.kind === 'created' && next.verb !== 'Duplicated') {
      return navigate(flowPath(next.result.flow.id));
    }
    setNotice(next);
  }, []);
  const dismiss = useCallback(() => setNotice(null), []);
  const closePanel = useCallback(() => setCreating(false), []);

  return (
    <main className="page" aria-labelledby="flows-title">
      <header className="page__header">
        <h1 id="flows-title">Flows</h1>
        {mayEdit && (
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
        )}
      </header>
      {permissions !== undefined && !mayEdit && (
        <p className="notice" role="note" data-testid="view-only-note">
          {VIEW_ONLY_REASON}
        </p>
      )}
      {creating && mayEdit && <NewFlowPanel id={panelId} onCreated={report} onClose={closePanel} />}
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
      <FlowList search={settledSearch} onNotice={report} mayEdit={mayEdit} />
    </main>
  );
}
