import { formatTime, relativeTime, useNow } from '../lib/time';

/** "5 min ago", with the full date and time on hover and for assistive technology. */
export function RelativeTime({ value }: { value: string | null | undefined }) {
  const now = useNow();
  if (!value) return <span>—</span>;
  return (
    <time dateTime={value} title={formatTime(value)}>
      {relativeTime(value, now)}
    </time>
  );
}
