/**
 * The public status page's entry. Amplify is configured through @aws-amplify/core, which
 * registers no Cognito providers: the page reads with the API key only, and its bundle holds
 * neither the Authenticator nor auth or storage code.
 */
import { StrictMode } from 'react';
import type { Root } from 'react-dom/client';
import { Amplify } from '@aws-amplify/core';
import { ThemeProvider } from '@aws-amplify/ui-react';
import { amplifyConfig, installLocalWebSocket, localSettings } from 'flare-local/client';
import '@aws-amplify/ui-react/styles.css';
import '../styles.css';
import { ConnectionBanner, ConnectionProvider } from '../lib/connection';
import { flareTheme } from '../theme/flare-theme';
import { PublicHeader } from '../components/PublicHeader';
import { StatusPage } from '../pages/StatusPage';

export function mount(root: Root, outputs: Record<string, unknown>): void {
  const local = localSettings(outputs);
  if (local) installLocalWebSocket(local.endpoint);
  Amplify.configure(amplifyConfig(outputs));
  root.render(
    <StrictMode>
      <ThemeProvider theme={flareTheme} colorMode="system">
        <ConnectionProvider endpoint={(outputs as { data: { url: string } }).data.url}>
          <PublicHeader />
          <ConnectionBanner />
          <StatusPage />
        </ConnectionProvider>
      </ThemeProvider>
    </StrictMode>,
  );
}
