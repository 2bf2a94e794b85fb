/** The demo logins `npm run dev` and `npm run local` create and print. */
export const DEMO_PASSWORD = 'Flare-demo-2026!';
export const DEMO_USERS = [
  { email: 'admin@flare.local', groups: ['ADMINS', 'RESPONDERS'] },
  { email: 'responder@flare.local', groups: ['RESPONDERS'] },
] as const;

