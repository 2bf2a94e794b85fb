import { Flex, Text, View, VisuallyHidden } from '@aws-amplify/ui-react';
import { useState } from 'react';
import { daysWithoutIncident, type HistoryDay } from '../lib/history';
import { toneVar } from '../theme/flare-theme';
import { SEVERITY_TONE } from '../theme/tones';

const dayLabel = (date: string) => new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });

/**
 * 90 bars, one per day, coloured by the worst incident of the day. Pointing at a bar (or
 * tapping it on a phone) shows that day's incidents below; screen readers get the days with
 * incidents as a list instead of 90 bars.
 */
export function ServiceHistory({ name, days }: { name: string; days: HistoryDay[] }) {
  const [selected, setSelected] = useState<HistoryDay | null>(null);
  const affected = days.filter((day) => day.incidents.length > 0);
  return (
    <View marginTop="xs" data-testid="service-history">
      <Flex gap="1px" height="1.75rem" aria-hidden="true" onMouseLeave={() => setSelected(null)}>
        {days.map((day) => (
          <View
            key={day.date}
            flex="1 1 0"
            minWidth="0"
            borderRadius="xs"
            data-testid="history-day"
            data-date={day.date}
            backgroundColor={toneVar(day.worst ? (SEVERITY_TONE[day.worst] ?? 'neutral') : 'success', 'background')}
            style={{ cursor: 'pointer', outline: selected?.date === day.date ? '2px solid var(--amplify-colors-font-primary)' : undefined }}
            onMouseEnter={() => setSelected(day)}
            onClick={() => setSelected(day)}
          />
        ))}
      </Flex>
      <Flex justifyContent="space-between" fontSize="xs" color="font.secondary">
        <Text as="span" fontSize="xs" color="font.secondary">
          90 days ago
        </Text>
        <Text as="span" fontSize="xs" color="font.secondary">
          {daysWithoutIncident(days)}% of days without incidents
        </Text>
        <Text as="span" fontSize="xs" color="font.secondary">
          Today
        </Text>
      </Flex>
      <Text fontSize="small" aria-live="polite" minHeight="1.5em" data-testid="history-detail">
        {selected &&
          (selected.incidents.length === 0
            ? `${dayLabel(selected.date)}: no incidents`
            : `${dayLabel(selected.date)}: ${selected.incidents.map((i) => `${i.title} (${i.severity})`).join('; ')}`)}
      </Text>
      <VisuallyHidden>
        <ul aria-label={`${name}: days with incidents in the last 90 days`}>
          {affected.length === 0 ? <li>No incidents in the last 90 days.</li> : affected.map((day) => <li key={day.date}>{`${dayLabel(day.date)}: ${day.incidents.map((i) => `${i.title} (${i.severity})`).join('; ')}`}</li>)}
        </ul>
      </VisuallyHidden>
    </View>
  );
}
