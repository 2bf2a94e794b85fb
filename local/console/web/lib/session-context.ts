import { createContext, useContext } from 'react';
import type { Session } from './session';

export const SessionContext = createContext<Session | undefined>(undefined);

/** The session the console was opened with (pages render only once it is loaded). */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the console shell');
  return session;
}
