/** Subscriptions that deliver every published change to whoever may read it (no filter). */
export function request() {
  return {};
}

export function response() {
  return null;
}
