/**
 * The Flare theme for Amplify UI: a warm brand colour, and tokens for the status tones
 * (`--amplify-colors-flare-<tone>-background|font`) in light and dark mode. Everything the app
 * draws takes its colours from here.
 */
import { createTheme, defaultDarkModeOverride } from '@aws-amplify/ui-react';
import { DARK_TONES, LIGHT_TONES, TONES, type Tone, type ToneColours } from './tones';

const toneTokens = (tones: Record<Tone, ToneColours>) => Object.fromEntries(TONES.map((tone) => [tone, { background: tones[tone].background, font: tones[tone].font }]));

export const flareTheme = createTheme({
  name: 'flare',
  tokens: {
    colors: {
      primary: {
        10: '#fff4ed',
        20: '#ffe6d5',
        40: '#fdba8c',
        60: '#f97316',
        80: '#c2410c',
        90: '#9a3412',
        100: '#7c2d12',
      },
      flare: toneTokens(LIGHT_TONES),
    },
    components: {
      heading: { 1: { fontSize: '{fontSizes.xl}' }, 2: { fontSize: '{fontSizes.large}' }, 3: { fontSize: '{fontSizes.medium}' } },
    },
  },
  overrides: [
    defaultDarkModeOverride,
    {
      colorMode: 'dark',
      tokens: {
        colors: {
          flare: toneTokens(DARK_TONES),
          // The brand scale turned around: light buttons with dark text read on the dark page.
          primary: { 10: '#7c2d12', 20: '#9a3412', 40: '#c2410c', 60: '#f97316', 80: '#fdba8c', 90: '#ffe6d5', 100: '#fff4ed' },
          // Links and focus rings on the dark page: the light end of the brand scale.
          font: { interactive: '#fdba8c', hover: '#ffe6d5' },
        },
      },
    },
  ],
});

/** The CSS variable of a tone's colour, for style props. */
export function toneVar(tone: Tone, part: keyof ToneColours): string {
  return `var(--amplify-colors-flare-${tone}-${part})`;
}
