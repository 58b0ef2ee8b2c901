/** The approvals inbox. Being built (#7). */
export function ApprovalsPage() {
  return (
    <main className="page" aria-labelledby="approvals-title">
      <h1 id="approvals-title">Approvals</h1>
    </main>
  );
}
