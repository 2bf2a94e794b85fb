/**
 * The app is honest when the cloud is away: the local cloud is stopped and started again
 * while pages are open. Open pages say they are reconnecting (with the last update's time), a
 * page opened during the outage never shows an all-clear, and once the cloud is back every
 * page shows what happened meanwhile and stays live.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../../amplify/data/resource';
import { startBrowserStack, step, type BrowserStack } from '../helpers/browser';
import { ROOT } from '../helpers/cloud';
import { createUser, TEST_PASSWORD } from '../helpers/flare-users';
import { configureAmplify, generateClient } from '../integration/appsync/helpers';

let stack: BrowserStack;
const api = generateClient<Schema>({ authMode: 'iam' });
let serviceId: string;

async function reportIncident(title: string): Promise<void> {
  const created = await api.models.Incident.create({ title, severity: 'SEV2', status: 'TRIGGERED', serviceId, triggeredAt: new Date().toISOString() });
  expect(created.errors).toBeUndefined();
}

/** An incident as the status page (its card) or the board (its row) lists it. */
function listed(page: Page, title: string) {
  return page.getByTestId(/^(public-incident|incident-row)$/).filter({ hasText: title });
}

async function openStatusPage(): Promise<Page> {
  const { page } = await stack.newPage();
  await page.goto(`${stack.appUrl}#/status`);
  return page;
}

describe('the app while the local cloud is stopped and started again', () => {
  beforeAll(async () => {
    stack = await startBrowserStack({ persistent: true });
    configureAmplify(stack.cloud, () => ROOT);
    const service = await api.models.Service.create({ name: 'Payments', status: 'OPERATIONAL' });
    expect(service.errors).toBeUndefined();
    serviceId = service.data!.id;
    await reportIncident('Card declines spike');
    await createUser(stack.cloud, 'oncall@example.com', ['RESPONDERS']);
  });
  afterAll(() => stack?.stop());

  it('says it is reconnecting, keeps what it knew, never gives an all-clear, and catches up on return', async () => {
    // Prepare: the public status page and a responder's board, loaded and live
    const open = await openStatusPage();
    await step(stack, 'status-loaded', [open], () => listed(open, 'Card declines spike').waitFor());
    expect(await open.getByTestId('connection-banner').count()).toBe(0);
    const { page: board } = await stack.newPage();
    await board.goto(`${stack.appUrl}#/board`);
    await board.getByRole('textbox', { name: 'Email' }).fill('oncall@example.com');
    await board.getByRole('textbox', { name: 'Password' }).fill(TEST_PASSWORD);
    await board.getByRole('button', { name: 'Sign in', exact: true }).click();
    await step(stack, 'board-loaded', [board], () => board.getByTestId('incident-row').filter({ hasText: 'Card declines spike' }).filter({ hasText: 'Triggered' }).waitFor());

    // Act: the cloud goes away
    await stack.stopCloud();

    // Assess: the open page says so and keeps its last data
    const banner = open.getByTestId('connection-banner');
    await step(stack, 'banner-shown', [open], () => banner.waitFor({ timeout: 15_000 }));
    expect(await banner.textContent()).toMatch(/Reconnecting….*Last update \d/);
    expect(await listed(open, 'Card declines spike').count()).toBe(1);
    expect(await open.getByText('All systems operational').count()).toBe(0);
    await step(stack, 'board-banner-shown', [board], () => board.getByTestId('connection-banner').waitFor({ timeout: 15_000 }));

    // A page opened during the outage cannot load, and says so instead of "All systems go"
    const late = await openStatusPage();
    await step(stack, 'late-unavailable', [late], () => late.getByTestId('status-unavailable').waitFor({ timeout: 15_000 }));
    expect(await late.getByText('All systems operational').count()).toBe(0);

    // Act: the cloud comes back, and an incident is reported before the pages reconnect
    const cloud = await stack.startCloudAgain();
    configureAmplify(cloud, () => ROOT);
    await reportIncident('Refunds failing');

    // Assess: both pages catch up, the banners go, and live updates flow again
    for (const [name, page] of [['open', open], ['late', late], ['board', board]] as const) {
      await step(stack, `caught-up-${name}`, [page], () => listed(page, 'Refunds failing').waitFor({ timeout: 20_000 }));
      await step(stack, `banner-gone-${name}`, [page], () => page.getByTestId('connection-banner').waitFor({ state: 'detached', timeout: 10_000 }));
    }
    expect(await listed(late, 'Card declines spike').count()).toBe(1);
    await reportIncident('Payouts delayed');
    for (const page of [open, late, board]) await step(stack, 'live-again', [page], () => listed(page, 'Payouts delayed').waitFor({ timeout: 15_000 }));
  }, 120_000);
});
