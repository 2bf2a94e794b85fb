import { useEffect, useState } from 'react';
import { fetchAuthSession } from 'aws-amplify/auth';

/** The signed-in user's Cognito groups, from the id token. */
export function useGroups(): { groups: string[]; loading: boolean } {
  const [state, setState] = useState<{ groups: string[]; loading: boolean }>({ groups: [], loading: true });
  useEffect(() => {
    let live = true;
    fetchAuthSession()
      .then((session) => {
        const claim = session.tokens?.idToken?.payload['cognito:groups'];
        if (live) setState({ groups: Array.isArray(claim) ? claim.map(String) : [], loading: false });
      })
      .catch(() => live && setState({ groups: [], loading: false }));
    return () => {
      live = false;
    };
  }, []);
  return state;
}
