import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Amplify } from 'aws-amplify';
import outputs from '@outputs';
import { amplifyConfig, installLocalWebSocket, localSettings } from '../../local/client';
import { installLocalStorage } from '../../local/client/storage';
import '@aws-amplify/ui-react/styles.css';
import './styles.css';
import { App } from './App';

// Against the local cloud, reach its plain-http real-time endpoint; against AWS nothing changes.
const local = localSettings(outputs);
if (local) {
  installLocalWebSocket(local.endpoint);
  installLocalStorage(outputs);
}
Amplify.configure(amplifyConfig(outputs));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
