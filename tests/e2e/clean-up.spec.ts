/**
 * "Clean up" in Chromium: create a role (with an AWS managed policy attached) through the
 * federated-console lesson in the page, see Clean up find it (in the ledger and in IAM, the
 * attachment listed under the role), remove everything, run the removal again, and find nothing
 * afterwards. Leaves the shared e2e server clean (the lesson's own teardown runs at the end,
 * tolerating the role being gone).
 */
import { expect, test } from '@playwright/test';
import { api, signIn, step } from './support.ts';

test('a role created by a lesson is found, removed, and the search then finds nothing', async ({ page }) => {
  // Make a leftover the way a learner would: run a lesson's setup and walk away.
  await signIn(page, '/lessons/federated-console/');
  const create = step(page, 'create-console-role');
  await create.locator('[data-testid="run"]').click();
  await expect(create.locator('[data-testid="status"]')).toHaveText('succeeded');
  const created = JSON.parse((await create.locator('[data-testid="result"] pre').textContent())!);
  const roleName = /role\/sts-workshop\/(stsw-[a-z2-7]+-console-role)$/.exec(created.RoleArn)![1]!;

  // The home page says something was left, and points to the clean-up lesson.
  await page.goto('/');
  await expect(page.getByTestId('leftovers-notice')).toContainText('left 1 role under /sts-workshop/');
  await page.getByTestId('leftovers-notice').getByRole('link', { name: /Clean up lesson/ }).click();
  await expect(page.locator('h1')).toContainText('Clean up');
  const find = step(page, 'find-leftovers');
  const remove = step(page, 'remove-everything');
  // Remove everything does its own search: it needs no earlier step.
  await expect(remove.locator('.note-requires')).toHaveCount(0);
  await expect(find.locator('[data-part="code"]')).toContainText('findLeftovers(iam, ledger, { iamIn })');

  await find.locator('[data-testid="run"]').click();
  await expect(find.locator('[data-testid="status"]')).toHaveText('succeeded');
  const rows = JSON.parse((await find.locator('[data-testid="result"] pre').textContent())!);
  expect(rows).toContainEqual({
    kind: 'role',
    name: roleName,
    run: expect.any(String),
    foundIn: 'ledger + IAM',
    with: ['attachment arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
  });
  expect(rows).toHaveLength(1);
  await expect(find.locator('[data-testid="output"]')).toContainText('1 resource left behind.');
  expect(roleName).toContain(rows.find((r: any) => r.name === roleName).run);
  await expect(find.locator('[data-testid="output"]')).toContainText('ListRoles');
  await page.screenshot({ path: '/tmp/sts-e2e-clean-up-found.png', fullPage: true });
  await find.screenshot({ path: '/tmp/sts-e2e-clean-up-find-step.png' });

  await remove.locator('[data-testid="run"]').click();
  await expect(remove.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(remove.locator('[data-testid="output"]')).toContainText('DeleteRole');
  const removed = JSON.parse((await remove.locator('[data-testid="result"] pre').textContent())!);
  expect(removed.deleted).toEqual([`role ${roleName}`]);
  expect(removed.note).toContain(`attachment arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess of ${roleName}`);
  await expect(remove.locator('[data-testid="output"]')).toContainText('cannot be revoked one by one');

  // Run again: it searches again, finds nothing, and succeeds.
  await remove.locator('[data-testid="run"]').click();
  await expect(remove.locator('[data-testid="output"]')).toContainText('Nothing to remove');
  await expect(remove.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(remove.locator('[data-testid="result"] pre')).toContainText('"deleted": []');

  await find.locator('[data-testid="run"]').click();
  await expect(find.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(find.locator('[data-testid="result"] pre')).toHaveText('[]');
  await expect(find.locator('[data-testid="output"]')).toContainText('Nothing left behind');

  const report = await (await api('/api/cleanup')).json();
  expect(report.leftovers).toEqual([]);
  await page.goto('/');
  await expect(page.getByTestId('lesson-list')).toBeVisible();
  await expect(page.getByTestId('leftovers-notice')).toBeHidden();
  await page.screenshot({ path: '/tmp/sts-e2e-clean-up.png', fullPage: true });

  // The lesson's own teardown still succeeds with the role already gone, and ends its run-through.
  await page.goto('/lessons/federated-console/');
  const del = step(page, 'delete-console-role');
  await del.locator('[data-testid="run"]').click();
  await expect(del.locator('[data-testid="status"]')).toHaveText('succeeded');
});
