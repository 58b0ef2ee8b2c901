import { Link } from './Link';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <main className="page" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Page not found</h1>
      <p>
        Nothing lives at <code>{path}</code>. <Link href="/flows">Go to your flows</Link>.
      </p>
    </main>
  );
}
