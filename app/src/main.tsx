import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Amplify } from 'aws-amplify';
import outputs from '@outputs';
import { amplifyConfig, installLocalWebSocket, localSettings } from '../../local/client';
import { installLocalApis } from '../../local/client/api';
import { installLocalStorage } from '../../local/client/storage';
import '@aws-amplify/ui-react/styles.css';
import './styles.css';
import { App } from './App';
import { ConnectionProvider } from './lib/connection';
import { WaitingForBackend } from './components/states';

const root = createRoot(document.getElementById('root')!);

if (!outputs) {
  // No amplify_outputs.json yet (the local cloud is still starting): the dev server reloads
  // this page when the file appears.
  root.render(<WaitingForBackend />);
} else {
  // Against the local cloud, reach its plain-http real-time endpoint; against AWS nothing changes.
  const local = localSettings(outputs);
  if (local) {
    installLocalWebSocket(local.endpoint);
    installLocalStorage(outputs);
    installLocalApis(outputs);
  }
  Amplify.configure(amplifyConfig(outputs));
  root.render(
    <StrictMode>
      <ConnectionProvider endpoint={(outputs as { data: { url: string } }).data.url}>
        <App />
      </ConnectionProvider>
    </StrictMode>,
  );
}
