/**
 * The stack header's facts read as one line each: a label sits level with its value. The Project and Updates values
 * hold small buttons (Change…, Check now); centred beside those taller buttons, their text sat about 4 px below the
 * label's. Measured in Chromium on a deployed stack (the Updates row is only shown for one), from the bottom of each
 * cell's first line of text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type RunningApp } from './harness';

const STACK = 'e2e-header-facts';

describe('stack header', () => {
  let app: RunningApp;
  let stackId: string | undefined;
  beforeAll(async () => {
    app = await launchApp({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    if (stackId) {
      // Not caught: a project left running would reach the next test files' windows (engine-status.test.ts counts them).
      await app.preview.core.stacks.down(stackId, { volumes: true });
      await app.preview.core.stacks.delete(stackId).catch(() => undefined);
    }
    await app?.close();
  });

  it('shows each label level with its value, also beside the Change… and Check now buttons', { timeout: 120_000 }, async () => {
    const { page, bench } = app;
    const yaml = ['services:', '  web:', `    image: ${bench.images.small.anon}`, '    init: true', '    command: ["sh", "-c", "sleep 3600"]', ''].join('\n');
    stackId = (await app.preview.core.stacks.create({ name: STACK, yaml })).stack.id;
    // Until the deploy is done main refuses to take the stack down, and afterAll would leave its project running.
    const deploy = await app.preview.core.stacks.deploy(stackId);
    expect((await app.preview.core.stacks.waitForDeploy(deploy.id)).state).toBe('done');
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, `#/stacks/${stackId}`);
    await expect.poll(() => page.locator('.stack-header__facts dt').allTextContents(), { timeout: 60_000 }).toEqual(['Source', 'Project', 'Updates']);

    // Per row: the label, and how far below the label's first line of text the value's first line ends.
    const offsets = await page.locator('.stack-header__facts').evaluate((facts) => {
      const firstLineBottom = (cell: Element): number => {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT, { acceptNode: (node) => (node.textContent?.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) });
        const text = walker.nextNode();
        if (!text) throw new Error(`no text in ${cell.outerHTML}`);
        const range = document.createRange();
        range.selectNodeContents(text);
        const firstLine = range.getClientRects()[0];
        if (!firstLine) throw new Error(`no line box for text in ${cell.outerHTML}`);
        return firstLine.bottom;
      };
      return Array.from(facts.querySelectorAll('dt')).map((label) => {
        const value = label.nextElementSibling as Element;
        return [label.textContent, Math.round(firstLineBottom(value) - firstLineBottom(label))] as const;
      });
    });
    expect(offsets).toEqual([
      ['Source', 0],
      ['Project', 0],
      ['Updates', 0],
    ]);
  });
});
