import type { ReactNode } from 'react';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

/** API errors are shown as they came, never swallowed. */
export function ErrorBanner({ error, onDismiss }: { error: string | null; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <pre>{error}</pre>
      {onDismiss && (
        <button type="button" onClick={onDismiss} aria-label="Dismiss error">
          Dismiss
        </button>
      )}
    </div>
  );
}

export function SeverityBadge({ severity }: { severity: string | null | undefined }) {
  return <span className={`badge severity-${severity ?? 'unknown'}`}>{severity ?? '—'}</span>;
}

export function StatusBadge({ status }: { status: string | null | undefined }) {
  return <span className={`badge status-${status ?? 'unknown'}`}>{status?.replace(/_/g, ' ') ?? '—'}</span>;
}

export function formatTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}

/** Shown by the dev server before amplify_outputs.json exists; the page reloads when it does. */
export function WaitingForBackend() {
  return (
    <main className="waiting" aria-labelledby="waiting-title">
      <h1 id="waiting-title">Flare</h1>
      <p role="status" aria-live="polite">
        The backend is starting: waiting for <code>amplify_outputs.json</code>. This page reloads by itself when it is written
        (by <code>npm run dev</code>, <code>npm run local</code> or <code>npx ampx sandbox</code>).
      </p>
    </main>
  );
}
