/**
 * Line and column of offsets in one GraphQL document. A request can carry thousands of
 * errors in a large document: the line starts are found once, and each offset by binary
 * search, never by rescanning the text from its start.
 * @example
 * new LineIndex('{\n  a\n}').lineColumn(4); // { line: 2, column: 3 }
 */
export class LineIndex {
  private starts?: number[];

  constructor(private readonly body: string) {}

  lineColumn(offset: number): { line: number; column: number } {
    const starts = (this.starts ??= lineStarts(this.body));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1 };
  }
}

/** Where each line starts: after `\n`, `\r\n` or a lone `\r`, as GraphQL counts lines. */
function lineStarts(body: string): number[] {
  const starts = [0];
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    if (code === 10 || (code === 13 && body.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}
