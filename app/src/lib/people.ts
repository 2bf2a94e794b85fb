/**
 * How a person is named on screen until responder profiles exist: their e-mail. The backend
 * records the caller's e-mail where the token carries one, otherwise the Cognito username; the
 * signed-in person's own username is shown as their e-mail.
 * @example personName('5f0c…', { email: 'ana@example.com', username: '5f0c…' }) === 'ana@example.com'
 */
export function personName(value: string | null | undefined, me: readonly string[]): string {
  if (!value) return '—';
  if (me.includes(value)) return me[0] ?? value;
  return value;
}
