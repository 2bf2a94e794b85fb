import { Table, TableBody, TableCell, TableRow } from '@aws-amplify/ui-react';
import type { ReactNode } from 'react';

/** A two-column table of facts about one thing. */
export function KeyValues({ label, entries }: { label: string; entries: readonly (readonly [string, ReactNode])[] }) {
  return (
    <Table size="small" variation="striped" aria-label={label}>
      <TableBody>
        {entries.map(([key, value]) => (
          <TableRow key={key}>
            <TableCell as="th" scope="row" width="30%">
              {key}
            </TableCell>
            <TableCell style={{ wordBreak: 'break-word' }}>{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
