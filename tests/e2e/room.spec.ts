/**
 * The workshop room in the browser: a facilitator and two learners, each in a browser context of
 * their own, against a notebook started with `--room` by this spec (room-support.ts). Joining
 * from the printed link (a wrong code is refused, a returning browser is welcomed back), each
 * learner on their own account; steps run from the page with the facilitator's grid following
 * live (counts, an unexpected failure highlighted with its error code); catch-up and reset from
 * the grid; an announcement on the learners' pages; pacing that locks a lesson's Run buttons;
 * leaving, removal, and the end of the room, each with its page. The pages are checked with
 * axe-core and screenshotted for review (TEST_RUN_DIR/room-review) along the way.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { axeProblems, gridCell, gridRow, joinAs, review, startRoom, type RoomServer } from './room-support.ts';

test.describe.configure({ mode: 'serial' });

let room: RoomServer;
let contexts: BrowserContext[] = [];
let facilitator: Page;
let ada: Page;
let bob: Page;
const accounts: Record<string, string> = {};
const a11y: string[] = [];

test.beforeAll(async ({ browser }) => {
  room = await startRoom();
  contexts = await Promise.all([0, 1, 2].map(() => browser.newContext({ viewport: { width: 1280, height: 900 } })));
  [facilitator, ada, bob] = await Promise.all(contexts.map((c) => c.newPage()));
});

test.afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await room?.stop();
});

test('the facilitator opens the room; two learners join from the link, each on an account of their own', async () => {
  await facilitator.goto(room.facilitatorUrl);
  await facilitator.waitForURL((url) => url.pathname === '/room/' && !url.search.includes('token='));
  await expect(facilitator.getByTestId('join-url')).toHaveText(room.joinUrl);
  await expect(facilitator.getByTestId('room-code')).toHaveText(new URL(room.joinUrl).searchParams.get('code')!);
  await expect(facilitator.getByTestId('join-qr')).toBeVisible();
  await expect(facilitator.getByTestId('grid-empty')).toBeVisible();
  await expect(facilitator.getByTestId('target-banner')).toContainText('Facilitator · Offline sandbox · account 123456789012');

  // A wrong code is refused in plain words, and the form stays to type the right one.
  await bob.goto(`${room.base}/join/?code=WRONGCODE`);
  await expect(bob.getByTestId('join-refused')).toContainText('This join code does not open a room');
  await expect(bob.getByLabel('Room code')).toHaveValue('WRONGCODE');

  await ada.goto(room.joinUrl);
  await expect(ada.getByLabel('Your name')).toBeFocused();
  a11y.push(...(await axeProblems(ada, '/join/')));
  await review(ada, 'join');
  accounts.ada = await joinAs(ada, room.joinUrl, 'Ada');
  accounts.bob = await joinAs(bob, room.joinUrl, 'Bob');
  expect(new Set([accounts.ada, accounts.bob, '123456789012']).size, 'three distinct accounts').toBe(3);

  // The grid shows both, live (no reload), with their accounts.
  await expect(gridRow(facilitator, 'Ada')).toContainText(`account ${accounts.ada}`);
  await expect(gridRow(facilitator, 'Bob')).toContainText(`account ${accounts.bob}`);
  await expect(facilitator.getByTestId('learner-count')).toHaveText('2 of 100 places taken');

  // The same browser coming back to the link is welcomed back to its notebook.
  await ada.goto(room.joinUrl);
  await expect(ada.getByTestId('welcome-back')).toHaveText('Welcome back, Ada');
  await ada.waitForURL((url) => url.pathname === '/');

  // A learner sees nothing of the facilitator's page.
  await ada.goto(`${room.base}/room/`);
  await expect(ada.getByTestId('room-problem')).toContainText('This page is for the facilitator');
  await expect(ada.getByTestId('room-grid')).toBeHidden();
});

test('learners run steps from their pages and the grid follows live, with counts per step', async () => {
  await ada.goto(`${room.base}/lessons/who-am-i/`);
  const step = ada.locator('[data-step="get-caller-identity"]');
  await step.getByTestId('run').click();
  await expect(step.getByTestId('status')).toHaveText('succeeded', { timeout: 30_000 });
  await expect(step.getByTestId('output')).toContainText(accounts.ada!);
  await expect(step.getByTestId('output')).not.toContainText(accounts.bob!);

  await expect(gridCell(facilitator, 'Ada', 'who-am-i', 'get-caller-identity')).toHaveAttribute('data-status', 'succeeded');
  await expect(gridCell(facilitator, 'Ada', 'who-am-i', 'get-caller-identity')).toContainText('Ada, Ask STS who is calling: succeeded');
  await expect(gridCell(facilitator, 'Bob', 'who-am-i', 'get-caller-identity')).toHaveAttribute('data-status', 'idle');
  await expect(facilitator.getByTestId('room-counts')).toContainText('1 of 2 have run “Ask STS who is calling”');
});

test('catch-up runs the steps before a chosen one; an unexpected failure is highlighted with its error code; reset clears it', async () => {
  await gridRow(facilitator, 'Bob').getByTestId('manage').click();
  const dialog = facilitator.getByTestId('learner-dialog');
  await dialog.getByLabel('Catch up to').selectOption('assume-role-mfa/assume-role-with-mfa');
  await dialog.getByTestId('catch-up').click();
  await expect(dialog.getByTestId('learner-dialog-status')).toContainText('Bob is caught up to “Assume the role with an MFA code”: ran 9 steps', { timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(gridCell(facilitator, 'Bob', 'assume-role-mfa', 'enable-mfa-device')).toHaveAttribute('data-status', 'succeeded');
  await expect(gridCell(facilitator, 'Bob', 'assume-role-mfa', 'assume-role-wrong-code')).toHaveAttribute('data-status', 'expected-failure');

  // Bob's page shows what was run for him; a code typed wrong fails the step unexpectedly.
  await bob.goto(`${room.base}/lessons/assume-role-mfa/`);
  await expect(bob.locator('[data-step="create-role"] [data-testid="status"]')).toHaveText('succeeded');
  const mfa = bob.locator('[data-step="assume-role-with-mfa"]');
  await mfa.locator('input[name="code"]').fill('000000');
  await mfa.getByTestId('run').click();
  await expect(mfa.getByTestId('status')).toHaveText('failed', { timeout: 30_000 });

  const row = gridRow(facilitator, 'Bob');
  await expect(row).toHaveAttribute('data-failed', '');
  await expect(row.locator('.grid-failures')).toContainText(/✗ \w+ in “Assume the role with an MFA code”/);
  await expect(gridCell(facilitator, 'Bob', 'assume-role-mfa', 'assume-role-with-mfa')).toContainText(/failed \(\w+\)/);
  await expect(facilitator.getByTestId('room-counts')).toContainText('1 of 2 have run “Assume the role with an MFA code”; 1 failed unexpectedly');
  await facilitator.getByTestId('grid-lesson').selectOption('assume-role-mfa');
  a11y.push(...(await axeProblems(facilitator, '/room/ with two learners and a failure')));
  await review(facilitator, 'room');
  await facilitator.emulateMedia({ colorScheme: 'dark' });
  a11y.push(...(await axeProblems(facilitator, '/room/ with two learners and a failure, dark')));
  await review(facilitator, 'room-dark');
  await facilitator.emulateMedia({ colorScheme: 'light' });
  await facilitator.getByTestId('grid-lesson').selectOption('');

  await row.getByTestId('manage').click();
  await dialog.getByLabel('Reset lesson').selectOption('assume-role-mfa');
  a11y.push(...(await axeProblems(facilitator, '/room/ learner dialog')));
  await dialog.getByTestId('reset-learner-lesson').click();
  await expect(dialog.getByTestId('learner-dialog-status')).toContainText('Reset “Assume a role that requires MFA” for Bob', { timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(row).not.toHaveAttribute('data-failed', '');
  await expect(gridCell(facilitator, 'Bob', 'assume-role-mfa', 'create-user')).toHaveAttribute('data-status', 'idle');
});

test('an announcement appears on every learner’s page, can be dismissed, and clears', async () => {
  await facilitator.getByLabel('Announcement on every learner’s page').fill('Lesson 3 starts at 11:00 — grab a coffee');
  await facilitator.getByTestId('announce').click();
  await expect(facilitator.getByTestId('current-announcement')).toContainText('Lesson 3 starts at 11:00');

  await ada.goto(`${room.base}/lessons/who-am-i/`);
  const bar = ada.getByTestId('announcement');
  await expect(bar.locator('p')).toHaveText('Lesson 3 starts at 11:00 — grab a coffee', { timeout: 10_000 });
  await expect(bar).toHaveAccessibleName('Announcement from the facilitator');
  await expect(bob.getByTestId('announcement')).toContainText('Lesson 3 starts at 11:00', { timeout: 10_000 });
  a11y.push(...(await axeProblems(ada, 'lesson page with an announcement')));
  await review(ada, 'learner-announcement', false);

  await bar.getByTestId('dismiss-announcement').click();
  await expect(bar).toBeHidden();
  await ada.reload();
  await expect(ada.getByTestId('target-banner')).toContainText('Ada');
  await ada.waitForTimeout(3500); // a poll or more: the dismissed announcement stays away
  await expect(ada.getByTestId('announcement')).toBeHidden();

  await facilitator.getByTestId('clear-announcement').click();
  await expect(facilitator.getByTestId('current-announcement')).toHaveText('No announcement.');
  await expect(bob.getByTestId('announcement')).toBeHidden({ timeout: 10_000 });
});

test('pacing: lessons learners have begun stay open; a lesson not opened yet says so and its Run buttons rest; opening it brings them back', async () => {
  // Ada ran "Who am I?" above: switching to one lesson at a time does not lock her out of it.
  await facilitator.getByLabel('Open lessons one at a time').check();
  await expect(facilitator.getByTestId('room-said')).toContainText('Learners can run: “Who am I?”');
  await facilitator.getByTestId('open-next').click();
  await expect(facilitator.getByTestId('room-said')).toContainText('Opened “How this notebook works”');
  await ada.goto(`${room.base}/lessons/who-am-i/`);
  await expect(ada.getByTestId('target-banner')).toContainText('Ada');
  await expect(ada.locator('[data-step="get-caller-identity"] [data-testid="run"]')).toBeEnabled();

  await ada.goto(`${room.base}/lessons/session-duration/`);
  await expect(ada.getByTestId('lesson-locked')).toContainText('The facilitator opens this lesson when the room gets there', { timeout: 10_000 });
  await expect(ada.locator('[data-step="create-role"] [data-testid="run"]')).toBeDisabled();
  await expect(ada.getByTestId('run-all')).toBeDisabled();
  await expect(ada.locator('[data-step="delete-roles"] [data-testid="run"]')).toBeEnabled(); // teardown always runs
  // The server refuses it too, readably (a run started around the disabled button).
  await ada.locator('[data-step="create-role"]').evaluate((el) => void (el as HTMLElement & { run(): Promise<unknown> }).run());
  await expect(ada.locator('[data-step="create-role"]')).toContainText('The facilitator opens this lesson when the room gets there.');
  await ada.goto(`${room.base}/`);
  await expect(ada.locator('a.lesson-card[data-lesson="session-duration"]')).toContainText('Opens later');
  await expect(ada.locator('a.lesson-card[data-lesson="how-this-works"]')).not.toContainText('Opens later');
  await expect(ada.locator('a.lesson-card[data-lesson="who-am-i"]')).not.toContainText('Opens later');

  await facilitator.getByLabel('All lessons open').check();
  await expect(facilitator.getByTestId('room-said')).toContainText('Every lesson is open');
  await ada.goto(`${room.base}/lessons/session-duration/`);
  await expect(ada.getByTestId('target-banner')).toContainText('Ada');
  await ada.waitForTimeout(500);
  await expect(ada.getByTestId('lesson-locked')).toHaveCount(0);
  await expect(ada.locator('[data-step="create-role"] [data-testid="run"]')).toBeEnabled();
});

test('a learner leaves (after confirming), joins again, and is removed by the facilitator', async () => {
  await bob.goto(`${room.base}/lessons/who-am-i/`);
  await bob.getByTestId('leave-room').click();
  await expect(bob.getByTestId('leave-dialog')).toContainText('deletes everything in your sandbox account');
  await bob.getByTestId('confirm-leave').click();
  await expect(bob.getByTestId('room-gone')).toContainText('You left the room');
  await expect(bob.getByTestId('room-gone')).toContainText('join again with the room’s link');
  await expect(gridRow(facilitator, 'Bob')).toHaveCount(0);
  await bob.goto(`${room.base}/`);
  await expect(bob.getByTestId('room-gone')).toContainText('You left the room');

  accounts.bob = await joinAs(bob, room.joinUrl, 'Bob');
  await expect(gridRow(facilitator, 'Bob')).toHaveCount(1);
  await gridRow(facilitator, 'Bob').getByTestId('manage').click();
  const dialog = facilitator.getByTestId('learner-dialog');
  await dialog.getByTestId('remove-learner').click();
  await expect(dialog.getByTestId('remove-learner')).toHaveText('Yes, remove Bob');
  await dialog.getByTestId('remove-learner').click();
  await expect(dialog).toBeHidden();
  await expect(facilitator.getByTestId('room-said')).toContainText('Removed Bob from the room');
  await expect(gridRow(facilitator, 'Bob')).toHaveCount(0);
  await expect(bob.getByTestId('room-gone')).toContainText('The facilitator removed you from the room', { timeout: 10_000 });
});

test('ending the room (confirmed) signs every learner out with a page that says so', async () => {
  await ada.goto(`${room.base}/lessons/who-am-i/`);
  await expect(ada.getByTestId('leave-room')).toBeVisible();
  await facilitator.getByTestId('end-room').click();
  await facilitator.getByTestId('end-dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(gridRow(facilitator, 'Ada')).toHaveCount(1);
  await facilitator.getByTestId('end-room').click();
  await facilitator.getByTestId('confirm-end').click();
  await expect(facilitator.getByTestId('room-problem')).toContainText('The room has ended', { timeout: 30_000 });
  await expect(ada.getByTestId('room-gone')).toContainText('The facilitator ended the room', { timeout: 10_000 });
  a11y.push(...(await axeProblems(ada, 'the page after the room ended')));
  await review(ada, 'room-ended', false);

  await bob.goto(room.joinUrl);
  await expect(bob.getByTestId('join-refused')).toContainText('This room has ended');
  expect(a11y, a11y.join('\n')).toEqual([]);
});
