/**
 * The whole product in a real browser (headless Debian Chromium): sign-up through
 * the Authenticator with the code from the local outbox, two responders working one
 * incident live, a note and an attachment, and the public status page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppSyncRealtimeService } from '../../local/appsync/realtime';
import { startBrowserStack, step, type BrowserStack } from '../helpers/browser';
import { createUser, TEST_PASSWORD } from '../helpers/flare-users';

let stack: BrowserStack;
let alice: Page;
let bob: Page;
const title = `Checkout returns 502 (${Date.now()})`;

async function outboxCode(email: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const response = await fetch(`${stack.cloud.endpoint}/_flare/cognito/outbox`);
    const { messages } = (await response.json()) as { messages: { to: string; kind: string; code: string }[] };
    const found = messages.filter((m) => m.to === email && m.kind === 'SignUp').at(-1);
    if (found) return found.code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no sign-up code for ${email} in the outbox`);
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${stack.appUrl}#/board`);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-as').waitFor();
}

/** Waits until the local cloud holds at least `count` live subscriptions (pages have subscribed). */
async function liveSubscriptions(count: number): Promise<void> {
  const realtime = stack.cloud.services.get<AppSyncRealtimeService>('appsync-realtime');
  const deadline = Date.now() + 15_000;
  while (realtime.stats().subscriptions < count) {
    if (Date.now() > deadline) throw new Error(`only ${realtime.stats().subscriptions} of ${count} subscriptions are live`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The board's row for an incident, showing it in `status` (the board lists open incidents by default). */
function card(page: Page, status: string, text: string) {
  return page.getByTestId('incident-row').filter({ hasText: text }).filter({ hasText: status });
}

// Each step drives two browsers against a local cloud: room for a loaded 2-core machine.
vi.setConfig({ testTimeout: 90_000 });

describe('Flare in a browser', () => {
  beforeAll(async () => {
    stack = await startBrowserStack();
    // A service to report against, made by an admin through the API.
    await createUser(stack.cloud, 'admin@example.com', ['ADMINS']);
    await createUser(stack.cloud, 'bob@example.com', ['RESPONDERS']);
    const admin = await stack.newPage();
    await signIn(admin.page, 'admin@example.com');
    await admin.page.goto(`${stack.appUrl}#/admin`);
    await admin.page.getByRole('textbox', { name: 'Name' }).fill('Checkout API');
    await admin.page.getByRole('button', { name: 'Add service' }).click();
    await admin.page.getByRole('cell', { name: 'Checkout API', exact: true }).waitFor();
    await admin.context.close();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('a new responder signs up through the Authenticator with the code from the outbox', async () => {
    alice = (await stack.newPage()).page;
    await step(stack, 'sign-up', [alice], async () => {
      // Act
      await alice.goto(`${stack.appUrl}#/board`);
      await alice.getByRole('tab', { name: 'Create Account' }).click();
      await alice.getByRole('textbox', { name: 'Email' }).fill('alice@example.com');
      await alice.getByRole('textbox', { name: 'Password', exact: true }).fill(TEST_PASSWORD);
      await alice.getByRole('textbox', { name: 'Confirm Password' }).fill(TEST_PASSWORD);
      await alice.getByRole('button', { name: 'Create Account' }).click();
      await alice.getByRole('textbox', { name: 'Confirmation Code' }).fill(await outboxCode('alice@example.com'));
      await alice.getByRole('button', { name: 'Confirm' }).click();

      // Assess: signed in, and the post-confirmation trigger made her a responder (she sees the board).
      await alice.getByTestId('signed-in-as').waitFor();
      await alice.getByRole('heading', { name: 'Incidents', exact: true }).waitFor();
      expect(await alice.getByTestId('signed-in-as').textContent()).toBe('alice@example.com');
    });
  });

  it('one responder reports an incident; the other sees it appear without reloading', async () => {
    bob = (await stack.newPage()).page;
    await step(stack, 'report-and-see', [alice, bob], async () => {
      // Prepare
      await signIn(bob, 'bob@example.com');
      await bob.getByRole('heading', { name: 'Incidents', exact: true }).waitFor();
      // Both boards listen (observeQuery's three, onUpdate and onIncidentChanged each).
      await liveSubscriptions(10);

      // Act
      await alice.getByRole('button', { name: 'Report an incident' }).click();
      const dialog = alice.getByRole('dialog', { name: 'Report an incident' });
      await dialog.getByRole('textbox', { name: 'Title' }).fill(title);
      await dialog.getByRole('combobox', { name: 'Severity', exact: true }).selectOption('SEV2');
      await dialog.getByRole('textbox', { name: 'Description (optional)' }).fill('Internal: the payment gateway pool is exhausted');
      await dialog.getByRole('button', { name: 'Report incident' }).click();

      // Assess
      await card(bob, 'Triggered', title).waitFor();
      await card(alice, 'Triggered', title).waitFor();
    });
  });

  it('the other acknowledges it, and the first sees the change live', async () => {
    await step(stack, 'acknowledge', [alice, bob], async () => {
      // Act
      await card(bob, 'Triggered', title).getByRole('link').click();
      await bob.getByRole('heading', { name: title }).waitFor();
      await bob.getByRole('button', { name: 'Acknowledge' }).click();

      // Assess
      await card(alice, 'Acknowledged', title).waitFor();
      await bob.getByTestId('timeline-event').filter({ hasText: 'ACKNOWLEDGED' }).waitFor();
    });
  });

  it('a note and an attachment appear on the incident timeline', async () => {
    await step(stack, 'note-and-attachment', [alice, bob], async () => {
      // Prepare
      await card(alice, 'Acknowledged', title).getByRole('link').click();
      await alice.getByRole('heading', { name: title }).waitFor();

      // Act
      await alice.getByRole('textbox', { name: 'Add a note' }).fill('Rolling back the gateway config');
      await alice.getByRole('button', { name: 'Add note' }).click();
      await alice.getByLabel('Attach a file').setInputFiles({ name: 'gateway.log', mimeType: 'text/plain', buffer: Buffer.from('502 upstream timeout\n'.repeat(200)) });

      // Assess: Bob, on the same incident page, sees the note live; both see the attachment.
      await bob.getByTestId('timeline-event').filter({ hasText: 'Rolling back the gateway config' }).waitFor();
      await alice.getByTestId('timeline-event').filter({ hasText: 'gateway.log' }).waitFor();
      const [download] = await Promise.all([alice.waitForEvent('popup'), alice.getByRole('button', { name: /Download gateway\.log/ }).click()]);
      await download.waitForLoadState();
      expect(await download.locator('body').textContent()).toContain('502 upstream timeout');
      await expect(alice.getByRole('alert').count()).resolves.toBe(0);
    });
  });

  it('the public status page shows the incident without signing in, and no internal fields', async () => {
    const visitor = (await stack.newPage()).page;
    await step(stack, 'status-page', [visitor], async () => {
      // Act
      await visitor.goto(`${stack.appUrl}#/status`);
      const item = visitor.getByTestId('public-incident').filter({ hasText: title });
      await item.waitFor();

      // Assess
      const text = (await visitor.locator('main').textContent()) ?? '';
      expect(await item.textContent()).toContain('Acknowledged');
      expect(text).not.toContain('payment gateway pool');
      expect(text).not.toContain('alice@example.com');
    });
  });
});
