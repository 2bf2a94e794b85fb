#!/usr/bin/env node
// Works around npm/cli#9821: npm install leaves out nested lockfile entries inside a
// bundled dependency that npm ci then requires. Adds the four @opentelemetry/core@2.0.0
// entries (resources@2.0.0 and sdk-trace-base@2.0.0 pin it exactly) under both constructs.
const fs = require('fs');
const file = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const entry = {
  version: '2.0.0',
  integrity: 'sha512-SLX36allrcnVaPYG3R78F/UZZsBsvbc7lMCLx37LyH5MJ1KAAZ2E3mW9OAD3zGz0G8q/BtoS5VUrjzDydhD6LQ==',
  dev: true,
  license: 'Apache-2.0',
  dependencies: { '@opentelemetry/semantic-conventions': '^1.29.0' },
  engines: { node: '^18.19.0 || >=20.6.0' },
  peerDependencies: { '@opentelemetry/api': '>=1.0.0 <1.10.0' },
};
for (const construct of ['data-construct', 'graphql-api-construct']) {
  for (const parent of ['resources', 'sdk-trace-base']) {
    const key = `node_modules/@aws-amplify/${construct}/node_modules/@opentelemetry/${parent}/node_modules/@opentelemetry/core`;
    if (!lock.packages[key]) lock.packages[key] = { ...entry };
  }
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
