/** Run history across flows or of one (`flowId`), with a status filter. Being built (#7). */
export function RunsPage({ flowId, status }: { flowId: string | null; status: string | null }) {
  return (
    <main className="page" aria-labelledby="runs-title">
      <header className="page__header">
        <h1 id="runs-title">Runs</h1>
      </header>
      <p className="empty">
        Run history {flowId === null ? '' : `of ${flowId} `}
        {status === null ? '' : `(${status}) `}arrives with the run view.
      </p>
    </main>
  );
}
