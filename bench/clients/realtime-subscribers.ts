/**
 * Child process of bench/appsync-realtime.bench.ts: opens real-time connections
 * (API key) with subscriptions to onServiceChanged, and records when each message
 * arrives (absolute high-resolution time, comparable across processes).
 * argv: <realtimeUrl> <host> <apiKey> <connections> <subscriptionsPerConnection>
 * stdout: "ready" once every start is acknowledged; on stdin "report", a JSON line
 * of arrivals { name: string, at: number }[], then exits.
 */
import WebSocket from 'ws';

const [url, host, apiKey, connectionsArg, perConnectionArg] = process.argv.slice(2);
const connections = Number(connectionsArg);
const perConnection = Number(perConnectionArg);
const auth = { host, 'x-api-key': apiKey };
const protocol = `header-${Buffer.from(JSON.stringify(auth)).toString('base64url')}`;
const arrivals: { name: string; at: number }[] = [];
const query = JSON.stringify({ query: 'subscription { onServiceChanged { id name status } }', variables: {} });

async function open(): Promise<void> {
  const socket = new WebSocket(url, ['graphql-ws', protocol]);
  let acked = 0;
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { type: string; payload?: { data?: { onServiceChanged?: { name: string } } } };
      if (message.type === 'connection_ack') {
        if (perConnection === 0) resolve();
        for (let i = 0; i < perConnection; i++) {
          socket.send(JSON.stringify({ type: 'start', id: `s${i}`, payload: { data: query, extensions: { authorization: auth } } }));
        }
      } else if (message.type === 'start_ack' && ++acked === perConnection) resolve();
      else if (message.type === 'data') arrivals.push({ name: message.payload!.data!.onServiceChanged!.name, at: performance.timeOrigin + performance.now() });
      else if (message.type === 'error') reject(new Error(raw.toString()));
    });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
  });
}

for (let i = 0; i < connections; i += 20) {
  await Promise.all(Array.from({ length: Math.min(20, connections - i) }, open));
}
process.stdout.write('ready\n');
process.stdin.on('data', (chunk) => {
  if (chunk.toString().includes('report')) {
    // Exit only once the (large) line is flushed to the pipe.
    process.stdout.write(`${JSON.stringify(arrivals)}\n`, () => process.exit(0));
  }
});
