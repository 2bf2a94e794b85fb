import { Text, TextAreaField, View } from '@aws-amplify/ui-react';

export interface JsonEditorProps {
  label: string;
  value: string;
  onChange(value: string): void;
  /** Problems found by the caller's validation (shown under the editor). */
  problems?: readonly string[];
  rows?: number;
  descriptiveText?: string;
}

/** Parses editor text as JSON: the value, or the parser's message. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: `Not valid JSON: ${(error as Error).message}` };
  }
}

/** A JSON text area that says at once whether the text parses, and lists validation problems. */
export function JsonEditor({ label, value, onChange, problems = [], rows = 14, descriptiveText }: JsonEditorProps) {
  const parsed = parseJson(value);
  const all = parsed.ok ? problems : [parsed.problem, ...problems];
  return (
    <View className="console-code">
      <TextAreaField
        label={label}
        descriptiveText={descriptiveText}
        value={value}
        rows={rows}
        spellCheck={false}
        onChange={(event) => onChange(event.target.value)}
        hasError={all.length > 0}
        errorMessage={all.length > 0 ? all.join(' · ') : undefined}
      />
      {all.length === 0 && (
        <Text fontSize="small" color="font.success" marginTop="xxs">
          Valid
        </Text>
      )}
    </View>
  );
}
