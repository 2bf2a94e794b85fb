/**
 * The local console in a real browser (headless Debian Chromium), each page's main action
 * checked through the services' own APIs: an item edited in the console is what the API
 * returns, a user created there signs in, a file uploaded there downloads the same, an
 * invocation's log shows, a schedule fires. Plus axe-core on every page.
 */
import { GetItemCommand, DynamoDBClient, BatchWriteItemCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Amplify } from 'aws-amplify';
import { signIn, signOut, signUp } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Schema } from '../../amplify/data/resource';
import type { AppSyncRealtimeService } from '../../local/appsync/realtime';
import { amplifyConfig, installLocalWebSocket } from '../../local/client';
import type { LambdaLocalService } from '../../local/lambda';
import { clientConfig } from '../helpers/cloud';
import { axeViolations, startConsoleStack, type ConsoleStack } from '../helpers/console';
import { createUser, signInAs, TEST_PASSWORD } from '../helpers/flare-users';

/** Pages answer within seconds, but the machine is shared: poll generously. */
const POLL = { timeout: 30_000, interval: 100 };

let stack: ConsoleStack;
let restoreWebSocket: () => void;
const pages: Page[] = [];

async function open(route: string): Promise<Page> {
  const page = await stack.open(route);
  pages.push(page);
  return page;
}

async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const functionNamed = (friendly: string) => stack.cloud.services.get<LambdaLocalService>('lambda').functions().find((config) => config.displayName === friendly)!;

describe('the local console in a browser', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    stack = await startConsoleStack();
    restoreWebSocket = installLocalWebSocket(stack.cloud.endpoint, WebSocket as never);
    Amplify.configure(amplifyConfig(stack.cloud.outputs));
    await createUser(stack.cloud, 'admin@example.com', ['ADMINS']);
  });
  afterAll(async () => {
    restoreWebSocket?.();
    await signOut().catch(() => undefined);
    await stack?.stop();
  });

  it('Overview: lists what runs and what does not, with reasons', async () => {
    const page = await open('overview');
    await page.getByRole('table', { name: 'Services' }).getByText('dynamodb', { exact: true }).waitFor();
    await page.getByRole('table', { name: 'Resource types not run' }).getByText('AWS::Lambda::Permission').waitFor();
    expect(await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link').allInnerTexts()).toEqual(['Overview', 'Data', 'DynamoDB', 'Users', 'Storage', 'Functions', 'Live']);
  });

  it('Data: an item edited as a signed-in admin is what the API returns, and bad input is refused before sending', async () => {
    // Prepare: an incident made through the API by an admin (services are made through addService:
    // the model's own create and update are closed to users), and a service for the explorer
    await signInAs('admin@example.com');
    const client = generateClient<Schema>();
    await client.mutations.addService({ name: 'Payments (EU)', status: 'OPERATIONAL' });
    const { data: created } = await client.models.Incident.create({ title: 'Checkout errors', severity: 'SEV3', status: 'TRIGGERED', serviceId: 'payments', triggeredAt: new Date().toISOString() });
    const page = await open('data/models');

    // Act: act as the admin, list incidents, edit one
    await page.getByRole('combobox', { name: 'Call the API as' }).selectOption('AMAZON_COGNITO_USER_POOLS');
    await page.getByRole('combobox', { name: 'User', exact: true }).selectOption({ label: 'admin@example.com (CONFIRMED)' });
    await page.getByRole('button', { name: 'Sign in as user' }).click();
    await page.getByText('groups: ADMINS').waitFor();
    await page.getByRole('combobox', { name: 'Model' }).selectOption('Incident');
    await page.getByRole('button', { name: 'Run query' }).click();
    await page.getByRole('row').filter({ hasText: 'Checkout errors' }).click();
    const editor = page.getByLabel('Edit Incident (UpdateIncidentInput)');
    await editor.fill(JSON.stringify({ id: created!.id, title: 'Checkout errors', severity: 'NOT_A_SEVERITY' }));
    await page.getByText('input.severity must be one of').waitFor();
    expect(await page.getByRole('button', { name: 'Save Incident' }).isDisabled()).toBe(true);
    await editor.fill(JSON.stringify({ id: created!.id, title: 'Checkout errors (EU)', severity: 'SEV1' }));
    await page.getByRole('button', { name: 'Save Incident' }).click();
    await page.getByRole('row').filter({ hasText: 'Checkout errors (EU)' }).waitFor();

    // Assess: the API returns the edit
    const { data: read } = await client.models.Incident.get({ id: created!.id });
    expect(read).toMatchObject({ title: 'Checkout errors (EU)', severity: 'SEV1' });
  });

  it('Data: the explorer runs an operation picked from the schema docs with the API key', async () => {
    const page = await open('data/explorer');
    await page.getByRole('region', { name: 'Schema documentation' }).getByRole('button', { name: 'listServices', exact: true }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(async () => page.getByTestId('explorer-result').innerText(), POLL).toContain('Payments (EU)');
  });

  it('Users: a user created in the console signs in with aws-amplify, and a sign-up code shows in the outbox', async () => {
    const page = await open('users');
    await page.getByRole('tab', { name: 'Users' }).waitFor();
    const form = page.getByRole('form', { name: 'Create a user' });
    await form.getByLabel('Email', { exact: true }).fill('carol@example.com');
    await form.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await form.getByLabel('Groups').fill('RESPONDERS');
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('region', { name: /^User / }).getByRole('cell', { name: 'RESPONDERS' }).waitFor();

    await signOut();
    const result = await signIn({ username: 'carol@example.com', password: TEST_PASSWORD });
    expect(result.isSignedIn).toBe(true);

    await page.getByRole('tab', { name: 'Outbox' }).click();
    await signUp({ username: 'dave@example.com', password: TEST_PASSWORD, options: { userAttributes: { email: 'dave@example.com' } } });
    const row = page.getByRole('table', { name: 'Outbox' }).getByRole('row').filter({ hasText: 'dave@example.com' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/SignUp\s+\d{6}/);
  });

  it('Users: "Reset password" sends a reset code to the outbox, and the user is asked to reset at sign-in', async () => {
    await createUser(stack.cloud, 'erin@example.com');
    const page = await open(`users/${stack.cloud.outputs.auth!.user_pool_id}/users/${encodeURIComponent('erin@example.com')}`);
    const detail = page.getByRole('region', { name: 'User erin@example.com' });
    await detail.getByRole('button', { name: 'Reset password' }).click();
    await detail.getByText('RESET_REQUIRED').waitFor();

    await signOut();
    expect(await signIn({ username: 'erin@example.com', password: TEST_PASSWORD })).toEqual({ isSignedIn: false, nextStep: { signInStep: 'RESET_PASSWORD' } });
    await page.getByRole('tab', { name: 'Outbox' }).click();
    const row = page.getByRole('table', { name: 'Outbox' }).getByRole('row').filter({ hasText: 'erin@example.com' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/ForgotPassword\s+\d{6}/);
  });

  it('Storage: a file uploaded with progress lists, previews and downloads byte for byte', async () => {
    const bucket = stack.cloud.outputs.storage!.bucket_name;
    const page = await open(`storage/${bucket}`);
    const text = `incident notes ${Date.now()}\n`;
    await page.getByLabel('Files to upload').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await page.getByText('notes.txt: uploaded').waitFor();
    await page.getByRole('button', { name: 'notes.txt' }).click();
    await expect.poll(async () => (await page.getByTestId('object-preview').innerText()).trim(), POLL).toBe(text.trim());
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    expect(await readFile((await download.path())!, 'utf8')).toBe(text);
    const object = await new S3Client({ ...clientConfig(stack.cloud), forcePathStyle: true }).send(new GetObjectCommand({ Bucket: bucket, Key: 'notes.txt' }));
    expect(await object.Body!.transformToString()).toBe(text);
    expect(object.ContentType).toBe('text/plain');
  });

  it('Functions: an invocation from the console shows its log and result, and is listed with its duration', async () => {
    const fn = functionNamed('incident-stats');
    const page = await open(`functions/${fn.name}`);
    await page.getByLabel('Event template').selectOption({ label: 'AppSync resolver (Lambda data source)' });
    await page.getByRole('button', { name: 'Use template' }).click();
    await page.getByRole('button', { name: 'Invoke', exact: true }).click();
    const log = page.getByTestId('invoke-log');
    await expect.poll(async () => log.innerText(), POLL).toMatch(/START RequestId: [0-9a-f-]+ Version: \$LATEST[\s\S]*END RequestId/);
    const recent = page.getByRole('region', { name: 'Recent invocations' });
    await recent.getByText(/ ms.* · Invoke API · /).first().waitFor();
  });

  it('Functions: "Fire now" on a schedule invokes its target at once', async () => {
    const escalate = functionNamed('escalate');
    const lambda = stack.cloud.services.get<LambdaLocalService>('lambda');
    const before = lambda.recentInvocations(escalate.name).length;
    const page = await open('functions');
    await page.getByRole('button', { name: /^Fire now: / }).click();
    await page.getByRole('status').filter({ hasText: 'fired' }).waitFor();
    const fired = await eventually(() => lambda.recentInvocations(escalate.name).find((record, index) => index < lambda.recentInvocations(escalate.name).length - before && record.source?.startsWith('scheduler ')), 'the escalate function to run from the schedule', 30_000);
    expect(fired.error).toBeUndefined();
    await page.getByRole('link', { name: 'escalate', exact: true }).click();
    await page.getByRole('region', { name: 'Recent invocations' }).getByText(/scheduler /).first().waitFor();
  });

  it('DynamoDB: an item saved in the editor is what GetItem returns', async () => {
    const dynamodb = new DynamoDBClient(clientConfig(stack.cloud));
    const table = (await dynamodb.send(new ListTablesCommand({}))).TableNames!.find((name) => name.startsWith('Service-'))!;
    const page = await open(`dynamodb/${table}`);
    await page.getByRole('row').filter({ hasText: 'Payments (EU)' }).click();
    const editor = page.getByLabel('Item', { exact: true });
    const item = JSON.parse(await editor.inputValue()) as Record<string, unknown>;
    await editor.fill(JSON.stringify({ ...item, description: 'edited in the console' }));
    await page.getByRole('button', { name: 'Save item' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: table, Key: { id: { S: String(item.id) } } }));
    expect(Item?.description).toEqual({ S: 'edited in the console' });
  });

  it('DynamoDB: a table of 10,000 items scrolls page by page, never loaded whole, with a few dozen rows in the page', async () => {
    const dynamodb = new DynamoDBClient(clientConfig(stack.cloud));
    const table = (await dynamodb.send(new ListTablesCommand({}))).TableNames!.find((name) => name.startsWith('TimelineEvent-'))!;
    for (let start = 0; start < 10_000; start += 25) {
      const requests = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { id: { S: `bulk-${String(start + i).padStart(5, '0')}` }, incidentId: { S: 'bulk' }, kind: { S: 'NOTE' }, message: { S: `note ${start + i}` } } } }));
      await dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
    }
    const page = await open(`dynamodb/${table}`);
    const status = page.getByTestId('virtual-table-status');
    await expect.poll(async () => status.innerText(), POLL).toBe('100 loaded, more on scroll');
    const grid = page.getByRole('grid', { name: `Items of ${table}` });
    const loadedCount = async () => Number((await status.innerText()).split(' ')[0]);
    for (let pages = 2; pages <= 4; pages++) {
      await grid.evaluate((element) => element.scrollTo(0, element.scrollHeight));
      await expect.poll(loadedCount, POLL).toBeGreaterThanOrEqual(pages * 100);
    }
    const loaded = await loadedCount();
    expect(loaded).toBeLessThan(10_000);
    expect(await status.innerText()).toMatch(/more on scroll$/);
    expect(await grid.getByRole('row').count()).toBeLessThan(60);
  }, 240_000);

  it('Live: a subscription and the messages it receives show up', async () => {
    await signInAs('admin@example.com');
    const client = generateClient<Schema>();
    const received: unknown[] = [];
    const subscription = client.models.Incident.onUpdate().subscribe({ next: (value) => received.push(value) });
    try {
      const realtime = stack.cloud.services.get<AppSyncRealtimeService>('appsync-realtime');
      await eventually(() => realtime.stats().subscriptions >= 1 || undefined, 'the subscription to start');
      const page = await open('live');
      await expect.poll(async () => page.getByTestId('live-subscriptions').innerText(), POLL).toBe('1');
      const { data: incidents } = await client.models.Incident.list();
      await client.models.Incident.update({ id: incidents[0].id, title: `live ${Date.now()}` });
      await eventually(() => received.length >= 1 || undefined, 'the update to reach the subscriber');
      await expect.poll(async () => Number(await page.getByTestId('live-messages-delivered').innerText()), POLL).toBeGreaterThanOrEqual(1);
      await page.getByRole('table', { name: 'Subscriptions by connection' }).getByText(/onUpdateIncident/).waitFor();
    } finally {
      subscription.unsubscribe();
    }
  });

  it('has no serious or critical accessibility violations on any page (axe-core)', async () => {
    const bucket = stack.cloud.outputs.storage!.bucket_name;
    const routes = ['overview', 'data/models', 'data/explorer', 'dynamodb', 'users', 'users/_/outbox', `storage/${bucket}`, `functions/${functionNamed('escalate').name}`, 'live'];
    const found: Record<string, unknown[]> = {};
    for (const route of routes) {
      const page = await open(route.replace('users/_/', `users/${stack.cloud.outputs.auth!.user_pool_id}/`));
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      const serious = (await axeViolations(page)).filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
      if (serious.length > 0) found[route] = serious;
    }
    expect(found).toEqual({});
  }, 240_000);
});

describe('the console for a backend with only a table', { timeout: 90_000 }, () => {
  let tableOnly: ConsoleStack;
  beforeAll(async () => {
    const { dynamodbService } = await import('../../local/dynamodb');
    const { iamService } = await import('../../local/iam');
    const path = await import('node:path');
    tableOnly = await startConsoleStack({ cdkOut: path.resolve('tests/fixtures/dynamodb-table'), services: [iamService(), dynamodbService()] });
  });
  afterAll(async () => {
    await tableOnly?.stop();
  });

  it('shows only the pages whose services hold something', async () => {
    const page = await tableOnly.open('overview');
    const nav = page.getByRole('navigation', { name: 'Console sections' });
    await nav.getByRole('link', { name: 'DynamoDB' }).waitFor();
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(['Overview', 'DynamoDB']);
    await page.goto(`${tableOnly.cloud.consoleUrl}#/storage`);
    await page.getByText('There is no page “storage” for this backend').waitFor();
  });
});
