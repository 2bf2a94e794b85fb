import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Amplify } from 'aws-amplify';
import outputs from '@outputs';
import { withLocalCloud } from 'flare-local/client';
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
  // Against the local cloud, its endpoints for Cognito, real-time and storage; against AWS nothing changes.
  Amplify.configure(withLocalCloud(outputs));
  root.render(
    <StrictMode>
      <ConnectionProvider endpoint={(outputs as { data: { url: string } }).data.url}>
        <App />
      </ConnectionProvider>
    </StrictMode>,
  );
}
