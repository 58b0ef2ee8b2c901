/** One run, live on the canvas of the version it ran. Being built (#7). */
export function RunPage({ runId }: { runId: string }) {
  return (
    <main className="page" aria-labelledby="run-title">
      <h1 id="run-title">Run {runId}</h1>
    </main>
  );
}
