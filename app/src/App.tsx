import { Authenticator } from '@aws-amplify/ui-react';
import { href, useRoute, type Route } from './lib/route';
import { useGroups } from './lib/groups';
import { ConnectionBanner } from './lib/connection';
import { StatusPage } from './pages/StatusPage';
import { BoardPage } from './pages/BoardPage';
import { IncidentPage } from './pages/IncidentPage';
import { StatsPage } from './pages/StatsPage';
import { AdminServicesPage } from './pages/AdminServicesPage';

function Nav({ route, signedIn, admin }: { route: Route; signedIn: boolean; admin: boolean }) {
  const link = (target: Route, label: string) => (
    <a href={href(target)} aria-current={route.page === target.page ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <nav aria-label="Main">
      {link({ page: 'status' }, 'Status')}
      {link({ page: 'board' }, 'Board')}
      {signedIn && link({ page: 'stats' }, 'Stats')}
      {admin && link({ page: 'admin' }, 'Services')}
    </nav>
  );
}

function SignedInApp({ route, signOut, email }: { route: Route; signOut: () => void; email: string }) {
  const { groups, loading } = useGroups();
  const admin = groups.includes('ADMINS');
  const responder = admin || groups.includes('RESPONDERS');
  return (
    <>
      <header className="app-header">
        <h1>
          <a href={href({ page: 'board' })}>Flare</a>
        </h1>
        <Nav route={route} signedIn admin={admin} />
        <div className="who">
          <span data-testid="signed-in-as">{email}</span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <ConnectionBanner />
      <main>
        {loading ? null : !responder ? (
          <p className="state empty" role="alert">
            Your account is not in a responder group yet. Ask an admin to add you to RESPONDERS.
          </p>
        ) : route.page === 'incident' ? (
          <IncidentPage id={route.id} />
        ) : route.page === 'stats' ? (
          <StatsPage />
        ) : route.page === 'admin' ? (
          admin ? <AdminServicesPage /> : <p role="alert">Only ADMINS manage services.</p>
        ) : (
          <BoardPage />
        )}
      </main>
    </>
  );
}

export function App() {
  const route = useRoute();
  if (route.page === 'status') {
    return (
      <>
        <header className="app-header">
          <h1>
            <a href={href({ page: 'status' })}>Flare</a>
          </h1>
          <Nav route={route} signedIn={false} admin={false} />
        </header>
        <ConnectionBanner />
        <main>
          <StatusPage />
        </main>
      </>
    );
  }
  return (
    <Authenticator signUpAttributes={['email']} loginMechanisms={['email']}>
      {({ signOut, user }) => (
        <SignedInApp route={route} signOut={() => signOut?.()} email={user?.signInDetails?.loginId ?? user?.username ?? ''} />
      )}
    </Authenticator>
  );
}
