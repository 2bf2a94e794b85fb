/**
 * Every page at desktop and phone size (390×844, touch, dark mode): axe-core finds no serious
 * or critical violation, nothing scrolls sideways (long unbroken words included), the phone's
 * header folds into a menu, and the flows the redesign adds work: the board's filters in the
 * URL and its report dialog with counters, backend validation shown in words, confirmation
 * before deleting, public updates, new services and maintenance reaching an open status page
 * live, and the 90-day history's day details on tap. One local cloud and one browser for all.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Schema } from '../../amplify/data/resource';
import { TEXT_LIMITS } from '../../amplify/domain/text-limits';
import { PHONE, startBrowserStack, step, type BrowserStack } from '../helpers/browser';
import { ROOT } from '../helpers/cloud';
import { createUser, TEST_PASSWORD } from '../helpers/flare-users';
import { accessibilityProblems, horizontalOverflow } from '../helpers/page-checks';
import { configureAmplify, generateClient } from '../integration/appsync/helpers';

let stack: BrowserStack;
const api = generateClient<Schema>({ authMode: 'iam' });
/** A title with a 160-character word: it must wrap, not widen the page. */
const LONG_TITLE = `Replication lag on ${'x'.repeat(160)}`;
let incidentId: string;

const SIZES = [
  ['desktop', {}],
  ['phone', PHONE],
] as const;

async function signIn(page: Page, email: string, hash = '#/board'): Promise<void> {
  await page.goto(`${stack.appUrl}${hash}`);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('banner').getByRole('link', { name: 'Flare' }).waitFor();
}

/** The checks every page passes, as a step that saves screenshots when one fails. */
async function pageChecks(page: Page, name: string): Promise<void> {
  await step(stack, name, [page], async () => {
    expect(await horizontalOverflow(page), 'sideways scroll in px').toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
  });
}

beforeAll(async () => {
  stack = await startBrowserStack();
  configureAmplify(stack.cloud, () => ROOT);
  await createUser(stack.cloud, 'admin@example.com', ['ADMINS']);
  const checkout = (await api.models.Service.create({ name: 'Checkout API', group: 'Commerce', description: 'Carts and payments', status: 'DEGRADED' })).data!;
  await api.models.Service.create({ name: 'Sign-in', group: 'Accounts', status: 'OPERATIONAL' });
  const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
  const open = await api.models.Incident.create({ title: LONG_TITLE, severity: 'SEV2', status: 'TRIGGERED', serviceId: checkout.id, triggeredAt: new Date().toISOString(), alertCount: 3, escalationLevel: 1 });
  incidentId = open.data!.id;
  // Triggered before the 90 days, resolved within them: it still colours the first day.
  await api.models.Incident.create({ title: 'Old outage', severity: 'SEV3', status: 'RESOLVED', serviceId: checkout.id, triggeredAt: new Date(Date.now() - 95 * 86_400_000).toISOString(), resolvedAt: new Date(Date.now() - 88 * 86_400_000).toISOString() });
  await api.models.Incident.create({ title: 'Payments declined yesterday', severity: 'SEV1', status: 'RESOLVED', serviceId: checkout.id, triggeredAt: dayAgo, resolvedAt: new Date(Date.parse(dayAgo) + 600_000).toISOString() });
}, 120_000);
afterAll(() => stack?.stop());
// Each test drives a real browser against a real local cloud: room for a loaded 2-core machine.
vi.setConfig({ testTimeout: 90_000 });

describe.each(SIZES)('at %s size', (size, options) => {
  it('the status page: grouped services with 90 days of history, the open incident, no sideways scroll, accessible', async () => {
    const { page } = await stack.newPage(options);
    await page.goto(`${stack.appUrl}#/status`);
    await step(stack, `status-${size}`, [page], async () => {
      await page.getByRole('heading', { name: 'Commerce' }).waitFor();
      await page.getByRole('heading', { name: 'Accounts' }).waitFor();
      await page.getByTestId('public-incident').filter({ hasText: 'Replication lag' }).waitFor();
      expect(await page.getByTestId('public-service').first().getByTestId('history-day').count()).toBe(90);
      // Yesterday's bar (tapped on the phone) names the incident of that day.
      const checkout = page.getByTestId('public-service').filter({ hasText: 'Checkout API' });
      const yesterday = checkout.getByTestId('history-day').nth(88);
      if (size === 'phone') await yesterday.tap();
      else await yesterday.hover();
      await checkout.getByTestId('history-detail').getByText('Payments declined yesterday').waitFor();
      const first = checkout.getByTestId('history-day').first();
      if (size === 'phone') await first.tap();
      else await first.hover();
      await checkout.getByTestId('history-detail').getByText('Old outage').waitFor();
    });
    await pageChecks(page, `status-checks-${size}`);
  });

  it('the sign-in page: a main landmark, a level-one heading, accessible', async () => {
    const { page } = await stack.newPage(options);
    await page.goto(`${stack.appUrl}#/board`);
    await page.getByRole('textbox', { name: 'Email' }).waitFor();
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    await pageChecks(page, `sign-in-${size}`);
  });

  it('the board: rows with duration, commander, alerts and level; filters in the URL; the report dialog', async () => {
    const { page } = await stack.newPage(options);
    await signIn(page, 'admin@example.com');
    await step(stack, `board-${size}`, [page], async () => {
      const row = page.getByTestId('incident-row').filter({ hasText: 'Replication lag' });
      await row.waitFor();
      if (size === 'desktop') {
        expect(await row.getByRole('cell').allTextContents()).toEqual(['SEV2', expect.stringContaining('Replication lag'), 'Triggered', expect.stringMatching(/^\d+ s$|^\d+ min$/), '—', '3', '1']);
      } else {
        expect(await row.textContent()).toMatch(/3 alerts · level 1 · commander —/);
        // The header folds into a menu that holds "Sign out".
        expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
        await page.getByRole('button', { name: 'Open menu' }).click();
        await page.getByRole('menuitem', { name: 'Sign out' }).waitFor();
        await page.keyboard.press('Escape');
      }
      // Filters are kept in the URL: a reload shows the same view.
      await page.getByRole('combobox', { name: 'Severity' }).selectOption('SEV1');
      await page.getByText('No incidents match these filters.').waitFor();
      expect(page.url()).toContain('severity=SEV1');
      await page.reload();
      await page.getByText('No incidents match these filters.').waitFor();
      await page.getByRole('combobox', { name: 'Status' }).selectOption('');
      await page.getByTestId('incident-row').filter({ hasText: 'Payments declined yesterday' }).waitFor();
      // The report dialog: counters, and a blank title is refused before anything is sent.
      await page.getByRole('button', { name: 'Report an incident' }).click();
      const dialog = page.getByRole('dialog', { name: 'Report an incident' });
      await dialog.getByRole('textbox', { name: 'Title' }).fill('   ');
      await dialog.getByText(`0 / ${TEXT_LIMITS.incidentTitle}`).waitFor();
      await dialog.getByRole('button', { name: 'Report incident' }).click();
      await dialog.getByText('Title is required').waitFor();
    });
    await pageChecks(page, `board-dialog-checks-${size}`);
    await page.keyboard.press('Escape');
    await pageChecks(page, `board-checks-${size}`);
  });

  it('the incident page: controls, roles, timeline, public updates, alerts, files, postmortem slot', async () => {
    const { page } = await stack.newPage(options);
    await signIn(page, 'admin@example.com', `#/incidents/${incidentId}`);
    await step(stack, `incident-${size}`, [page], async () => {
      await page.getByRole('heading', { name: 'Replication lag' }).waitFor();
      for (const section of ['Timeline', 'Attachments', 'Roles', 'Public updates', 'Linked alerts', 'Postmortem']) {
        await page.getByRole('heading', { name: section, exact: true }).waitFor();
      }
      await page.getByRole('combobox', { name: 'Severity' }).waitFor();
      await page.getByRole('button', { name: 'Acknowledge' }).waitFor();
    });
    await pageChecks(page, `incident-checks-${size}`);
  });

  it('the services admin and stats pages', async () => {
    const { page } = await stack.newPage(options);
    await signIn(page, 'admin@example.com', '#/admin');
    await step(stack, `admin-${size}`, [page], () => page.getByRole('heading', { name: 'Add a service' }).waitFor());
    await pageChecks(page, `admin-checks-${size}`);
    await page.goto(`${stack.appUrl}#/stats`);
    await step(stack, `stats-${size}`, [page], () => page.getByTestId('stats').waitFor());
    await pageChecks(page, `stats-checks-${size}`);
  });
});

describe('flows across pages', () => {
  it('a duplicate service name is refused by the backend in words; a delete asks first; new services reach the status page live', async () => {
    const { page: status } = await stack.newPage();
    await status.goto(`${stack.appUrl}#/status`);
    await status.getByRole('heading', { name: 'Commerce' }).waitFor();
    const { page: admin } = await stack.newPage();
    await signIn(admin, 'admin@example.com', '#/admin');
    await step(stack, 'admin-flow', [admin, status], async () => {
      // Act: a name that differs only in case and spacing
      await admin.getByRole('textbox', { name: 'Name' }).fill('  checkout   api ');
      await admin.getByRole('button', { name: 'Add service' }).click();

      // Assess: the backend's rule in words, the raw error behind "Details"
      const alert = admin.getByTestId('error-alert');
      await alert.waitFor();
      expect(await alert.getByTestId('error-summary').textContent()).toBe('A service named "checkout   api" already exists: choose another name.');
      expect(await alert.getByText('Lambda:Unhandled', { exact: false }).isVisible()).toBe(false);

      // A new service appears on the open status page without a reload
      await admin.getByRole('textbox', { name: 'Name' }).fill('Search');
      await admin.getByRole('textbox', { name: 'Group (optional)' }).fill('Discovery');
      await admin.getByRole('button', { name: 'Add service' }).click();
      await status.getByRole('heading', { name: 'Discovery' }).waitFor();

      // Delete asks for confirmation; Cancel keeps the service
      await admin.getByRole('button', { name: 'Delete Search' }).click();
      const confirm = admin.getByRole('dialog', { name: 'Delete Search?' });
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      expect(await admin.getByRole('cell', { name: /^Search/ }).count()).toBe(1);
      await admin.getByRole('button', { name: 'Delete Search' }).click();
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await status.getByRole('heading', { name: 'Discovery' }).waitFor({ state: 'detached' });
    });
  });

  it('a public update and a role assignment: the update reaches the open status page live', async () => {
    const { page: status } = await stack.newPage(PHONE);
    await status.goto(`${stack.appUrl}#/status`);
    await status.getByTestId('public-incident').filter({ hasText: 'Replication lag' }).waitFor();
    const { page } = await stack.newPage();
    await signIn(page, 'admin@example.com', `#/incidents/${incidentId}`);
    await step(stack, 'public-update', [page, status], async () => {
      await page.getByRole('combobox', { name: 'Public status' }).selectOption('IDENTIFIED');
      await page.getByRole('textbox', { name: 'Public update' }).fill('We found the cause: a stuck replica. Failing over now.');
      await page.getByRole('button', { name: 'Post to status page' }).click();
      await status.getByTestId('public-update').filter({ hasText: 'a stuck replica' }).waitFor();
      await status.getByTestId('public-incident').getByText('Identified').first().waitFor();

      await page.getByRole('button', { name: 'Take it as commander' }).click();
      await page.getByTestId('role-commander').getByText('admin@example.com').waitFor();
    });
  });
});
