import { Badge } from '@aws-amplify/ui-react';
import type { ReactNode } from 'react';
import { toneVar } from '../theme/flare-theme';
import { SEVERITY_TONE, STATUS_TONE, statusLabel, type Tone } from '../theme/tones';

/** A badge in one of the theme's status tones (colours checked for contrast in both modes). */
export function ToneBadge({ tone, children, testId }: { tone: Tone; children: ReactNode; testId?: string }) {
  return (
    <Badge size="small" backgroundColor={toneVar(tone, 'background')} color={toneVar(tone, 'font')} data-testid={testId} style={{ whiteSpace: 'nowrap' }}>
      {children}
    </Badge>
  );
}

export function SeverityBadge({ severity }: { severity: string | null | undefined }) {
  return <ToneBadge tone={SEVERITY_TONE[severity ?? ''] ?? 'neutral'}>{severity ?? '—'}</ToneBadge>;
}

/** Incident, service and public-update statuses alike. */
export function StatusBadge({ status }: { status: string | null | undefined }) {
  return <ToneBadge tone={STATUS_TONE[status ?? ''] ?? 'neutral'}>{statusLabel(status)}</ToneBadge>;
}
