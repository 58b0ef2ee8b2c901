/** Placeholder until the run view arrives: run history, live status and approvals. */
export function RunsPage() {
  return (
    <main className="page" aria-labelledby="runs-title">
      <header className="page__header">
        <h1 id="runs-title">Runs</h1>
      </header>
      <p className="empty">The run view is coming: run history, live status and approvals.</p>
    </main>
  );
}
