import { Text } from '@aws-amplify/ui-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';

export interface Column<T> {
  label: string;
  /** CSS grid track, e.g. `12rem` or `1fr`. */
  width: string;
  render(row: T): ReactNode;
}

export interface VirtualTableProps<T> {
  label: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey(row: T): string;
  selectedKey?: string;
  onSelect?(row: T): void;
  /** Called when the last rows come into view and more can be loaded. */
  onEndReached?(): void;
  hasMore?: boolean;
  loading?: boolean;
  height?: string;
}

const ROW_HEIGHT = 32;

/**
 * A table that renders only the rows in view (a few dozen DOM rows for any count) and asks
 * for the next page when the end comes into view: a 10,000-item table is never loaded whole.
 */
export function VirtualTable<T>({ label, rows, columns, rowKey, selectedKey, onSelect, onEndReached, hasMore, loading, height = '28rem' }: VirtualTableProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasMore && !loading && last >= rows.length - 20) onEndReached?.();
  }, [last, rows.length, hasMore, loading, onEndReached]);
  const template = columns.map((column) => column.width).join(' ');
  return (
    <div>
      <div ref={scroller} className="console-virtual" style={{ height }} role="grid" aria-label={label} aria-rowcount={rows.length + 1} data-testid="virtual-table">
        <div className="console-virtual-row console-virtual-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template, height: ROW_HEIGHT }}>
          {columns.map((column) => (
            <span key={column.label} role="columnheader">
              {column.label}
            </span>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rows[item.index];
            const key = rowKey(row);
            return (
              <div
                key={key}
                className="console-virtual-row"
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={key === selectedKey}
                tabIndex={0}
                onClick={() => onSelect?.(row)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    onSelect?.(row);
                  }
                }}
                style={{ gridTemplateColumns: template, height: ROW_HEIGHT, position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
              >
                {columns.map((column) => (
                  <span key={column.label} role="gridcell">
                    {column.render(row)}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
      <Text fontSize="small" color="font.secondary" marginTop="xxs" aria-live="polite" data-testid="virtual-table-status">
        {rows.length} loaded{loading ? ', loading more…' : hasMore ? ', more on scroll' : ', all loaded'}
      </Text>
    </div>
  );
}
