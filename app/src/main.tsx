/**
 * The bootstrap: it only decides which bundle the URL needs. The public status page is an
 * entry of its own (no Authenticator, no storage, no auth providers); everything else is the
 * signed-in app, whose pages load on demand. Crossing between the two reloads the page, so
 * each keeps its own small configuration.
 */
import { createRoot } from 'react-dom/client';
import outputs from '@outputs';
import { isStatusHash } from './lib/route';
import { WaitingForBackend } from './components/states';

const root = createRoot(document.getElementById('root')!);

if (!outputs) {
  // No amplify_outputs.json yet (the local cloud is still starting): the dev server reloads
  // this page when the file appears.
  root.render(<WaitingForBackend />);
} else {
  const status = isStatusHash(window.location.hash);
  const entry = status ? import('./entries/status') : import('./entries/signed-in');
  void entry.then(({ mount }) => mount(root, outputs!));
  window.addEventListener('hashchange', () => {
    if (isStatusHash(window.location.hash) !== status) window.location.reload();
  });
}
