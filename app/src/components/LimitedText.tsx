import { TextAreaField, TextField } from '@aws-amplify/ui-react';
import { TEXT_LIMITS, textProblem, type TextField as TextFieldName } from '../../../amplify/domain/text-limits';

interface LimitedTextProps {
  label: string;
  field: TextFieldName;
  value: string;
  onChange(value: string): void;
  required?: boolean;
  multiline?: boolean;
  rows?: number;
  /** Show the rule a value breaks (after the person has tried to submit). */
  showProblem?: boolean;
  placeholder?: string;
}

/**
 * A text field with the backend's limit shown as a counter: nothing is cut off; a value over
 * the limit (or blank where required) is marked, and `limitedTextProblem` keeps forms from
 * sending it.
 */
export function LimitedText({ label, field, value, onChange, required = true, multiline = false, rows = 3, showProblem = false, placeholder }: LimitedTextProps) {
  const limit = TEXT_LIMITS[field];
  const length = value.trim().length;
  const problem = textProblem(value, label, field, required);
  const over = length > limit;
  const shared = {
    label: required ? label : `${label} (optional)`,
    value,
    placeholder,
    onChange: (event: { target: { value: string } }) => onChange(event.target.value),
    descriptiveText: `${length} / ${limit}`,
    hasError: Boolean(problem) && (over || showProblem),
    errorMessage: problem ?? undefined,
    isRequired: required,
  };
  return multiline ? <TextAreaField {...shared} rows={rows} resize="vertical" /> : <TextField {...shared} />;
}

/** The first rule broken by the fields, as LimitedText shows them. */
export function limitedTextProblem(fields: { label: string; field: TextFieldName; value: string; required?: boolean }[]): string | null {
  for (const { label, field, value, required = true } of fields) {
    const problem = textProblem(value, label, field, required);
    if (problem) return problem;
  }
  return null;
}
