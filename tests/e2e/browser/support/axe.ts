/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** The automatic accessibility checks (axe-core, WCAG 2.1 A and AA) on the page as it is; one line per violation. */
export async function accessibilityProblems(page: Page, what: string): Promise<string[]> {
  await page.evaluate(axe.source); // evaluated by the browser's debugger protocol: the pages' CSP does not apply
  const result = await page.evaluate<axe.AxeResults>(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations.map(
    (v) =>
      `${what}: ${v.id} (${v.impact}) ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(' | ')}`,
  );
}
