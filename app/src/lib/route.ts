import { useEffect, useState } from 'react';

/**
 * The app's routes, in the URL hash so Amplify Hosting needs no rewrite rules. The board
 * keeps its filters, search and sort in the hash's query (`#/board?severity=SEV1&q=db`), so a
 * filtered view can be shared and survives a reload.
 */
export type Route =
  | { page: 'status' }
  | { page: 'board'; query: URLSearchParams }
  | { page: 'incident'; id: string }
  | { page: 'stats' }
  | { page: 'admin' }
  | { page: 'integrations' };

export type Page = Route['page'];

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = (hash.replace(/^#/, '') || '/status').split('?');
  const incident = /^\/incidents\/([^/]+)$/.exec(path);
  if (incident) return { page: 'incident', id: decodeURIComponent(incident[1]) };
  if (path === '/board') return { page: 'board', query: new URLSearchParams(search) };
  if (path === '/stats') return { page: 'stats' };
  if (path === '/admin') return { page: 'admin' };
  if (path === '/integrations') return { page: 'integrations' };
  return { page: 'status' };
}

/** The hash for a page (the board's query included when given). */
export function href(route: { page: 'incident'; id: string } | { page: Exclude<Page, 'incident'>; query?: URLSearchParams }): string {
  if (route.page === 'incident') return `#/incidents/${encodeURIComponent(route.id)}`;
  const query = route.page === 'board' && route.query ? route.query.toString() : '';
  return `#/${route.page}${query ? `?${query}` : ''}`;
}

/** Whether a hash is the public status page (its own bundle, no sign-in). */
export function isStatusHash(hash: string): boolean {
  return parseRoute(hash).page === 'status';
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
