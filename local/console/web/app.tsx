import { Alert, Flex, Heading, Link, Loader, Text, View } from '@aws-amplify/ui-react';
import { Component, Suspense, useEffect, useState, type ReactNode } from 'react';
import { describeError } from './lib/aws';
import { href, useRoute } from './lib/route';
import { loadSession, servicesPresent, type Session } from './lib/session';
import { SessionContext } from './lib/session-context';
import { PAGES } from './pages';

/** The console: navigation of the pages whose services run here, and the open page. */
export function ConsoleApp() {
  const [session, setSession] = useState<Session>();
  const [error, setError] = useState<unknown>();
  const route = useRoute();
  useEffect(() => {
    loadSession().then(setSession, setError);
    // The opened page's chunk loads while the session does (a page whose services are absent is never rendered).
    PAGES.find((candidate) => candidate.id === (route[0] ?? 'overview'))?.preload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const pages = session ? PAGES.filter((page) => servicesPresent(session, page.services)) : [];
  const [pageId = 'overview', ...rest] = route;
  const page = pages.find((candidate) => candidate.id === pageId);
  useEffect(() => {
    document.title = page ? `${page.title} · Local cloud console` : 'Local cloud console';
  }, [page]);

  return (
    // No ThemeProvider: the default theme's tokens are in Amplify UI's stylesheet already, and
    // building them again in JavaScript would cost the first paint.
    <div className="console-shell" data-amplify-theme="default-theme">
      <View as="nav" className="console-nav" aria-label="Console sections">
        <Heading level={2} fontSize="large" marginBottom="small">
          Local cloud
        </Heading>
        <Text fontSize="small" color="font.secondary" marginBottom="medium">
          {session?.endpoint ?? '…'}
        </Text>
        <Flex as="ul" direction="column" gap="xs" padding="0" margin="0" style={{ listStyle: 'none' }}>
          {pages.map((candidate) => (
            <li key={candidate.id}>
              <Link href={href(candidate.id)} aria-current={candidate.id === pageId ? 'page' : undefined}>
                {candidate.title}
              </Link>
            </li>
          ))}
        </Flex>
      </View>
      <View as="main" className="console-main">
        {error !== undefined && (
          <Alert variation="error" heading="The console could not start">
            {describeError(error)}
          </Alert>
        )}
        {!session && error === undefined && <Loader aria-label="Loading the console" />}
        {session && (
          <SessionContext.Provider value={session}>
            {page ? (
              <PageBoundary key={page.id}>
                <Heading level={1} marginBottom="medium">
                  {page.title}
                </Heading>
                <Suspense fallback={<Loader aria-label={`Loading ${page.title}`} />}>
                  <page.Component route={rest} />
                </Suspense>
              </PageBoundary>
            ) : (
              <Alert variation="warning" heading="No such page">
                There is no page “{pageId}” for this backend. Pages appear only for the services it has.
              </Alert>
            )}
          </SessionContext.Provider>
        )}
      </View>
    </div>
  );
}

/** Keeps a failing page from taking the console down: its error is shown in its place. */
class PageBoundary extends Component<{ children: ReactNode }, { error?: unknown }> {
  state: { error?: unknown } = {};

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  render() {
    if (this.state.error !== undefined) {
      return (
        <Alert variation="error" heading="This page failed">
          {describeError(this.state.error)}
        </Alert>
      );
    }
    return this.props.children;
  }
}
