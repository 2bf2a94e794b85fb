import { useEffect, useState } from 'react';

/** The app's routes, in the URL hash so Amplify Hosting needs no rewrite rules. */
export type Route =
  | { page: 'status' }
  | { page: 'board' }
  | { page: 'incident'; id: string }
  | { page: 'stats' }
  | { page: 'admin' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/status';
  const incident = /^\/incidents\/([^/]+)$/.exec(path);
  if (incident) return { page: 'incident', id: decodeURIComponent(incident[1]) };
  if (path === '/board') return { page: 'board' };
  if (path === '/stats') return { page: 'stats' };
  if (path === '/admin') return { page: 'admin' };
  return { page: 'status' };
}

export function href(route: Route): string {
  return route.page === 'incident' ? `#/incidents/${encodeURIComponent(route.id)}` : `#/${route.page}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
