/**
 * "Clean up" in Chromium: create a role through "Who am I?" in the page, see Clean up find it
 * (in the ledger and in IAM), remove everything, and find nothing afterwards. Leaves the shared
 * e2e server clean (who-am-i's own teardown runs at the end, tolerating the role being gone).
 */
import { expect, test } from '@playwright/test';
import { api, signIn, step } from './support.ts';

test('a role created by a lesson is found, removed, and the search then finds nothing', async ({ page }) => {
  // Make a leftover the way a learner would: run a lesson's setup and walk away.
  await signIn(page, '/lessons/who-am-i/');
  const create = step(page, 'create-role');
  await create.locator('[data-testid="run"]').click();
  await expect(create.locator('[data-testid="status"]')).toHaveText('succeeded');
  const created = JSON.parse((await create.locator('[data-testid="result"] pre').textContent())!);
  const roleName: string = created.RoleName;
  expect(roleName).toMatch(/^stsw-[a-z2-7]+-role$/);

  // The home page says something was left, and points to the clean-up lesson.
  await page.goto('/');
  await expect(page.getByTestId('leftovers-notice')).toContainText('left 1 role under /sts-workshop/');
  await page.getByTestId('leftovers-notice').getByRole('link', { name: /Clean up lesson/ }).click();
  await expect(page.locator('h1')).toContainText('Clean up');
  const find = step(page, 'find-leftovers');
  const remove = step(page, 'remove-everything');
  await expect(remove.locator('.note-requires')).toContainText('Find what the course left behind');
  await expect(find.locator('[data-part="code"]')).toContainText('findLeftovers(iam, ledger)');

  await find.locator('[data-testid="run"]').click();
  await expect(find.locator('[data-testid="status"]')).toHaveText('succeeded');
  const rows = JSON.parse((await find.locator('[data-testid="result"] pre').textContent())!);
  expect(rows).toContainEqual({ kind: 'role', name: roleName, run: expect.any(String), foundIn: 'ledger + IAM' });
  expect(roleName).toContain(rows.find((r: any) => r.name === roleName).run);
  await expect(find.locator('[data-testid="output"]')).toContainText('ListRoles');
  await page.screenshot({ path: '/tmp/sts-e2e-clean-up-found.png', fullPage: true });

  await remove.locator('[data-testid="run"]').click();
  await expect(remove.locator('[data-testid="status"]')).toHaveText('succeeded');
  await expect(remove.locator('[data-testid="output"]')).toContainText('DeleteRole');
  const removed = JSON.parse((await remove.locator('[data-testid="result"] pre').textContent())!);
  expect(removed.removed).toContain(`role ${roleName}`);
  expect(removed.remaining).toBe(0);
  await expect(remove.locator('[data-testid="output"]')).toContainText('cannot be revoked one by one');

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

  // Who am I?'s own teardown still succeeds with the role already gone, and resets that lesson.
  await page.goto('/lessons/who-am-i/');
  const del = step(page, 'delete-role');
  await del.locator('[data-testid="run"]').click();
  await expect(del.locator('[data-testid="status"]')).toHaveText('succeeded');
});
