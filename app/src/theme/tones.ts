/**
 * Flare's status colours: every severity and status is drawn in one of six tones, each a
 * background with the text colour that reads on it. Light mode puts white text on deep
 * colours; dark mode dark text on light ones. tests/unit/app/tones.test.ts checks each pair
 * against WCAG AA (4.5:1 for text, 3:1 for a bar against the page).
 */
export const TONES = ['danger', 'serious', 'warning', 'info', 'success', 'neutral'] as const;
export type Tone = (typeof TONES)[number];

export interface ToneColours {
  background: string;
  font: string;
}

export const LIGHT_TONES: Record<Tone, ToneColours> = {
  danger: { background: '#b91c1c', font: '#ffffff' },
  serious: { background: '#c2410c', font: '#ffffff' },
  warning: { background: '#8a5a00', font: '#ffffff' },
  info: { background: '#1d4ed8', font: '#ffffff' },
  success: { background: '#15803d', font: '#ffffff' },
  neutral: { background: '#4b5563', font: '#ffffff' },
};

export const DARK_TONES: Record<Tone, ToneColours> = {
  danger: { background: '#fca5a5', font: '#450a0a' },
  serious: { background: '#fdba74', font: '#431407' },
  warning: { background: '#fde047', font: '#422006' },
  info: { background: '#93c5fd', font: '#172554' },
  success: { background: '#86efac', font: '#052e16' },
  neutral: { background: '#d1d5db', font: '#111827' },
};

/** The page backgrounds the tones are checked against (Amplify's light and dark defaults). */
export const PAGE_BACKGROUND = { light: '#ffffff', dark: '#0d1a26' } as const;

export const SEVERITY_TONE: Record<string, Tone> = { SEV1: 'danger', SEV2: 'serious', SEV3: 'warning', SEV4: 'neutral' };

export const STATUS_TONE: Record<string, Tone> = {
  // Incidents
  TRIGGERED: 'danger',
  ACKNOWLEDGED: 'warning',
  RESOLVED: 'success',
  // Services
  OPERATIONAL: 'success',
  DEGRADED: 'warning',
  PARTIAL_OUTAGE: 'serious',
  MAJOR_OUTAGE: 'danger',
  MAINTENANCE: 'info',
  // Public updates
  INVESTIGATING: 'danger',
  IDENTIFIED: 'serious',
  MONITORING: 'info',
};

/** A status as people read it: "PARTIAL_OUTAGE" → "Partial outage". */
export function statusLabel(status: string | null | undefined): string {
  if (!status) return '—';
  const words = status.replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
