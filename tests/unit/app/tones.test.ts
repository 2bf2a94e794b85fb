/**
 * The theme's status colours pass WCAG 2.1 AA in light and dark mode: badge text on its tone
 * at 4.5:1 (1.4.3), and each tone against the page at 3:1 (1.4.11: the history bars are
 * graphics that carry meaning).
 */
import { describe, expect, it } from 'vitest';
import { DARK_TONES, LIGHT_TONES, PAGE_BACKGROUND, SEVERITY_TONE, STATUS_TONE, TONES } from '../../../app/src/theme/tones';

/** WCAG's relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

describe.each([
  ['light', LIGHT_TONES, PAGE_BACKGROUND.light],
  ['dark', DARK_TONES, PAGE_BACKGROUND.dark],
] as const)('%s mode', (_mode, tones, page) => {
  it.each(TONES)('%s: badge text is at least 4.5:1 on its background', (tone) => {
    expect(contrast(tones[tone].font, tones[tone].background)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(TONES)('%s: the colour stands out from the page at 3:1 or more', (tone) => {
    expect(contrast(tones[tone].background, page)).toBeGreaterThanOrEqual(3);
  });
});

describe('tone assignments', () => {
  it('gives every severity and status a tone the theme defines', () => {
    for (const tone of [...Object.values(SEVERITY_TONE), ...Object.values(STATUS_TONE)]) expect(TONES).toContain(tone);
    expect(Object.keys(SEVERITY_TONE)).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
  });

  it('computes contrast as WCAG does (black on white is 21:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });
});
