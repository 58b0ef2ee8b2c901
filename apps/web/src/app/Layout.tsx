import { memo, type ReactNode } from 'react';
import { ApprovalsFeedProvider } from '../approvals/ApprovalsFeedProvider';
import { ApprovalsNavLink } from '../approvals/ApprovalsNavLink';
import { useMe } from '../approvals/useMe';
import { isAdmin } from '../users/roles';
import { Link } from './Link';
import type { Route } from './router';
import { UserMenu } from './UserMenu';

interface Section {
  label: string;
  href: string;
  routes: readonly Route['name'][];
  /** Shown only to admins (the page refuses everyone else anyway). */
  adminOnly?: boolean;
}

const SECTIONS: readonly Section[] = [
  { label: 'Flows', href: '/flows', routes: ['flows', 'flow'] },
  { label: 'Runs', href: '/runs', routes: ['runs', 'run'] },
  { label: 'Users', href: '/users', routes: ['users'], adminOnly: true },
];

/**
 * The top bar (product, sections with the approvals badge, user) above the page. The approvals
 * feed is followed here, once, for the badge and every page below.
 */
export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  return (
    <ApprovalsFeedProvider>
      <div className="layout">
        <TopBar section={route.name} />
        <div className="layout__content">{children}</div>
      </div>
    </ApprovalsFeedProvider>
  );
}

const TopBar = memo(function TopBar({ section }: { section: Route['name'] }) {
  const admin = isAdmin(useMe()?.roles);
  const sections = SECTIONS.filter((each) => admin || each.adminOnly !== true);
  return (
    <header className="top-bar">
      <Link href="/flows" className="top-bar__product">
        <span className="top-bar__logo" aria-hidden="true" />
        TriggerFlow Studio
      </Link>
      <nav aria-label="Main" className="top-bar__nav">
        {sections.map(({ label, href, routes }) => {
          const current = routes.includes(section);
          return (
            <Link
              key={href}
              href={href}
              className="top-bar__link"
              aria-current={current ? 'page' : undefined}
            >
              {label}
            </Link>
          );
        })}
        <ApprovalsNavLink current={section === 'approvals'} />
      </nav>
      <UserMenu />
    </header>
  );
});
