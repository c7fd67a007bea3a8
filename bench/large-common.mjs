// What both sides of the large-project scenarios (S3, S5) share: waiting for
// the generated project's "done" marker, and the edit S5 makes and waits for.

/** Text of the marker once it is visible in `locator`'s frame; throws unless it names every component. */
export async function waitForDone(locator, expected, timeoutMs) {
  await locator.waitFor({ state: 'visible', timeout: timeoutMs });
  const text = (await locator.textContent())?.trim();
  if (text !== expected) throw new Error(`the project rendered "${text}", expected "${expected}"`);
}

/** Wall-clock ms, comparable with what a page records as `performance.timeOrigin + performance.now()`. */
export const wallNow = () => performance.timeOrigin + performance.now();

/** The line S5 appends to the leaf module: sets a marker when the module runs. */
export const editLine = (marker) => `\ndocument.body.dataset.edit = '${marker}';\n`;

/**
 * Waits until the page in `frameOf(page)` ran the edit `marker` and rendered
 * everything again (the marker reads `expected`). A full reload replaces the
 * frame's document while we wait, so this looks again after each navigation,
 * as run.mjs's waitForMarker does. Resolves to whether the page was reloaded
 * (the token `armReload` left on the old window is gone) rather than updated
 * in place, and when (wall-clock ms) the page finished rendering, as the page
 * itself recorded it: polling from here adds tens of milliseconds.
 */
export async function waitForEdit(page, frameOf, marker, expected, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const frame = frameOf(page);
    try {
      if (frame) {
        await frame.waitForFunction(
          ([m, done]) => document.body?.dataset.edit === m && document.getElementById('done')?.textContent === done,
          [marker, expected],
          { polling: 'raf', timeout: 2_000 },
        );
        return frame.evaluate(() => ({
          reloaded: window.__largeBenchToken === undefined,
          doneAt: Number(document.body.dataset.doneAt),
        }));
      }
    } catch {
      // The frame navigated (a full reload) while we waited: look again.
    }
  }
  throw new Error(`edit ${marker} never reached the page`);
}

/** Leaves a token on the current window so `waitForEdit` can tell a reload from an in-place update. */
export async function armReload(page, frameOf) {
  await frameOf(page)?.evaluate(() => (window.__largeBenchToken = true));
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
