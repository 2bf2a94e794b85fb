import { TableCell, TableHead, TableRow } from '@aws-amplify/ui-react';
import type { ReactNode } from 'react';

/** A table's header row: one `th` per label. */
export function ColumnHeads({ labels }: { labels: readonly ReactNode[] }) {
  return (
    <TableHead>
      <TableRow>
        {labels.map((label, index) => (
          <TableCell as="th" key={index}>
            {label}
          </TableCell>
        ))}
      </TableRow>
    </TableHead>
  );
}
