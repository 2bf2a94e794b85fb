/**
 * The signed-in app's entry: Amplify with Cognito (aws-amplify), the local cloud's storage
 * adapter, the themed Authenticator, and the pages loaded on demand.
 */
import { lazy, StrictMode, Suspense } from 'react';
import type { Root } from 'react-dom/client';
import { Amplify } from 'aws-amplify';
import { Alert, Authenticator, Heading, ThemeProvider, useAuthenticator, View } from '@aws-amplify/ui-react';
import { withLocalCloud } from 'flare-local/client';
import '@aws-amplify/ui-react/styles.css';
import '../styles.css';
import { ConnectionBanner, ConnectionProvider } from '../lib/connection';
import { useGroups } from '../lib/groups';
import { useRoute } from '../lib/route';
import { flareTheme } from '../theme/flare-theme';
import { AppHeader } from '../components/AppHeader';
import { Loading } from '../components/states';

const BoardPage = lazy(() => import('../pages/BoardPage'));
const IncidentPage = lazy(() => import('../pages/IncidentPage'));
const StatsPage = lazy(() => import('../pages/StatsPage'));
const AdminServicesPage = lazy(() => import('../pages/AdminServicesPage'));
const IntegrationsPage = lazy(() => import('../pages/IntegrationsPage'));

function SignedInApp() {
  const route = useRoute();
  const { user, signOut } = useAuthenticator((context) => [context.user]);
  const { groups, loading } = useGroups();
  const admin = groups.includes('ADMINS');
  const responder = admin || groups.includes('RESPONDERS');
  const email = user?.signInDetails?.loginId ?? user?.username ?? '';
  const me = [email, user?.username ?? ''].filter(Boolean);
  return (
    <>
      <AppHeader page={route.page} email={email} admin={admin} onSignOut={signOut} />
      <ConnectionBanner />
      <View as="main" padding="medium" maxWidth="72rem" margin="0 auto">
        {loading ? (
          <Loading what="your account" />
        ) : !responder ? (
          <Alert variation="warning" role="alert">
            Your account is not in a responder group yet. Ask an admin to add you to RESPONDERS.
          </Alert>
        ) : (
          <Suspense fallback={<Loading what="the page" />}>
            {route.page === 'incident' ? (
              <IncidentPage id={route.id} me={me} />
            ) : route.page === 'stats' ? (
              <StatsPage />
            ) : route.page === 'admin' ? (
              admin ? <AdminServicesPage /> : <Alert variation="warning" role="alert">Only admins manage services.</Alert>
            ) : route.page === 'integrations' ? (
              admin ? <IntegrationsPage /> : <Alert variation="warning" role="alert">Only admins manage integrations.</Alert>
            ) : (
              <BoardPage query={route.page === 'board' ? route.query : new URLSearchParams()} me={me} />
            )}
          </Suspense>
        )}
      </View>
    </>
  );
}

/** Signed out: the Authenticator, themed, in the page's main landmark under a level-one heading. */
function Shell() {
  const { authStatus } = useAuthenticator((context) => [context.authStatus]);
  if (authStatus === 'authenticated') return <SignedInApp />;
  return (
    <View as="main" padding="medium">
      <Authenticator
        signUpAttributes={['email']}
        loginMechanisms={['email']}
        components={{
          Header: () => (
            <Heading level={1} textAlign="center" padding="large 0 medium">
              Flare
            </Heading>
          ),
        }}
      />
    </View>
  );
}

export function mount(root: Root, outputs: Record<string, unknown>): void {
  // Against the local cloud, its endpoints for Cognito, real-time, storage and APIs; against AWS nothing changes.
  Amplify.configure(withLocalCloud(outputs));
  root.render(
    <StrictMode>
      <ThemeProvider theme={flareTheme} colorMode="system">
        <ConnectionProvider endpoint={(outputs as { data: { url: string } }).data.url}>
          <Authenticator.Provider>
            <Shell />
          </Authenticator.Provider>
        </ConnectionProvider>
      </ThemeProvider>
    </StrictMode>,
  );
}
