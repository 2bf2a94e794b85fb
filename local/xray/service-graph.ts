import type { Service } from '@aws-sdk/client-xray';
import type { SegmentDocument } from '../tracing';
import type { TraceFacts } from './trace-view';

/**
 * The service graph of a set of traces, as GetServiceGraph and GetTraceGraph answer it: a node
 * per service (a segment's name and origin), a node per downstream call no segment answers
 * (a subsegment in the `aws` or `remote` namespace: `AWS::DynamoDB`-style inferred nodes), and
 * an edge wherever a segment's parent is a segment or subsegment of another service.
 */
interface Node {
  name: string;
  type: string;
  root: boolean;
  start: number;
  end: number;
  stats: Stats;
  edges: Map<Node, { start: number; end: number; stats: Stats }>;
}

interface Stats {
  ok: number;
  error: number;
  fault: number;
  total: number;
  responseTime: number;
}

const emptyStats = (): Stats => ({ ok: 0, error: 0, fault: 0, total: 0, responseTime: 0 });

function count(stats: Stats, document: SegmentDocument): void {
  stats.total++;
  if (document.fault) stats.fault++;
  else if (document.error) stats.error++;
  else stats.ok++;
  stats.responseTime += (document.end_time ?? document.start_time) - document.start_time;
}

const wireStats = (stats: Stats) => ({
  OkCount: stats.ok,
  ErrorStatistics: { TotalCount: stats.error, OtherCount: stats.error, ThrottleCount: 0 },
  FaultStatistics: { TotalCount: stats.fault, OtherCount: stats.fault },
  TotalCount: stats.total,
  TotalResponseTime: Math.round(stats.responseTime * 1000) / 1000,
});

export function serviceGraph(traces: readonly TraceFacts[]): Service[] {
  const nodes = new Map<string, Node>();
  const nodeOf = (name: string, type: string, document: SegmentDocument): Node => {
    const key = `${name}\u0000${type}`;
    let node = nodes.get(key);
    if (!node) {
      node = { name, type, root: false, start: document.start_time, end: document.end_time ?? document.start_time, stats: emptyStats(), edges: new Map() };
      nodes.set(key, node);
    }
    node.start = Math.min(node.start, document.start_time);
    node.end = Math.max(node.end, document.end_time ?? document.start_time);
    return node;
  };
  const edge = (from: Node, to: Node, document: SegmentDocument) => {
    let found = from.edges.get(to);
    if (!found) from.edges.set(to, (found = { start: document.start_time, end: document.end_time ?? document.start_time, stats: emptyStats() }));
    found.start = Math.min(found.start, document.start_time);
    found.end = Math.max(found.end, document.end_time ?? document.start_time);
    count(found.stats, document);
  };
  for (const facts of traces) {
    const owner = new Map<string, SegmentDocument>();
    const answered = new Set<string>();
    for (const segment of facts.segments) {
      const claim = (document: SegmentDocument) => {
        owner.set(document.id, segment);
        for (const child of document.subsegments ?? []) claim(child);
      };
      claim(segment);
      if (segment.parent_id) answered.add(segment.parent_id);
    }
    const serviceNode = (segment: SegmentDocument) => nodeOf(segment.name, segment.origin ?? 'client', segment);
    for (const segment of facts.segments) {
      const node = serviceNode(segment);
      count(node.stats, segment);
      if (segment === facts.root) node.root = true;
      const parent = segment.parent_id ? owner.get(segment.parent_id) : undefined;
      if (parent && parent !== segment) edge(serviceNode(parent), node, segment);
      const inferred = (document: SegmentDocument) => {
        for (const child of document.subsegments ?? []) {
          if ((child.namespace === 'aws' || child.namespace === 'remote') && !answered.has(child.id)) {
            const downstream = nodeOf(child.name, child.namespace === 'aws' ? `AWS::${child.name}` : 'remote', child);
            count(downstream.stats, child);
            edge(node, downstream, child);
          }
          inferred(child);
        }
      };
      inferred(segment);
    }
  }
  const ids = new Map([...nodes.values()].map((node, index) => [node, index]));
  return [...nodes.values()].map((node) => ({
    ReferenceId: ids.get(node),
    Name: node.name,
    Names: [node.name],
    Type: node.type,
    Root: node.root,
    State: 'active',
    StartTime: new Date(node.start * 1000),
    EndTime: new Date(node.end * 1000),
    Edges: [...node.edges].map(([to, edge]) => ({ ReferenceId: ids.get(to), StartTime: new Date(edge.start * 1000), EndTime: new Date(edge.end * 1000), SummaryStatistics: wireStats(edge.stats), Aliases: [] })),
    SummaryStatistics: wireStats(node.stats),
  }));
}
