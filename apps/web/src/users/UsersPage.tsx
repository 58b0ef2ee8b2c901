/** People and their roles (admins). Being built. */
export function UsersPage() {
  return (
    <main className="page" aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
    </main>
  );
}
