// How a learner works each UI: the classic Notebook (Debian's, tested here) and JupyterLab 4 (pip's,
// in the Docker image). Stable selectors only: element ids, the data-jupyter-action / data-command
// attributes of toolbar buttons and menu items, the UIs' own CSS classes.
import { CLASSIC, LAB } from './collect.mjs';

const sleep = ms => new Promise(r => setTimeout(r, ms));

// Types code as keystrokes, line by line. Leading indentation is left to the editor (auto-indent on
// Enter, de-indent on "}"), as when a person types; Java does not care about indentation.
async function typeCode(page, code) {
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trimStart();
    if (line) await page.keyboard.type(line);
    if (i < lines.length - 1) await page.keyboard.press('Enter');
  }
}

const classic = {
  name: 'classic Notebook',
  sel: CLASSIC,

  async listNames(page) {
    await page.waitForSelector('#notebook_list .list_item a.item_link span.item_name');
    return page.$$eval('#notebook_list .list_item a.item_link span.item_name', els => els.map(e => e.textContent.trim()));
  },

  // From the notebook list: click through the folders, then the notebook (it opens in a new tab).
  async open(context, listPage, relPath) {
    const parts = relPath.split('/');
    for (const folder of parts.slice(0, -1)) {
      await listPage.locator('#notebook_list a.item_link', { has: listPage.locator(`span.item_name:text-is("${folder}")`) }).click();
      await listPage.waitForURL(url => decodeURIComponent(url.pathname).endsWith('/' + folder));
      await listPage.waitForSelector('#notebook_list .list_item a.item_link span.item_name');
    }
    const name = parts[parts.length - 1];
    const link = listPage.locator('#notebook_list a.item_link', { has: listPage.locator(`span.item_name:text-is("${name}")`) });
    const [page] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await page.waitForLoadState('domcontentloaded');
    await page.waitForSelector('#notebook-container .cell');
    return page;
  },

  listUrl(base) { return `${base}/tree`; },

  async waitKernel(page, timeout) {
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
      && Jupyter.notebook.kernel.is_connected() && document.querySelector('#kernel_indicator_icon.kernel_idle_icon'),
    null, { timeout, polling: 250 });
  },

  // The Cell menu, "Run All".
  async runAll(page) {
    await page.click('#celllink');
    await page.click('#run_all_cells > a');
  },

  // Done when no prompt shows [*] and the kernel has stayed idle for a second.
  async waitDone(page, timeout) {
    const deadline = Date.now() + timeout;
    let idleSince = 0;
    while (Date.now() < deadline) {
      const busy = await page.evaluate(() =>
        [...document.querySelectorAll('#notebook-container .input_prompt')].some(p => p.textContent.includes('*'))
        || !document.querySelector('#kernel_indicator_icon.kernel_idle_icon'));
      if (!busy) {
        if (!idleSince) idleSince = Date.now();
        if (Date.now() - idleSince >= 1000) return;
      } else idleSince = 0;
      await sleep(250);
    }
    throw new Error(`the notebook was still running after ${timeout / 1000} s`);
  },

  cell(page, index) { return page.locator(CLASSIC.cells).nth(index); },

  async prompt(page, index) { return (await this.cell(page, index).locator('.input_prompt').innerText()).trim(); },

  // Click into the cell's editor, select everything, delete it, type the code.
  async typeInto(page, index, code) {
    const cell = this.cell(page, index);
    await cell.scrollIntoViewIfNeeded();
    // classic's editor closes brackets as they are typed; a person types around that, a script cannot
    await cell.locator('.CodeMirror').evaluate(el => el.CodeMirror.setOption('autoCloseBrackets', false));
    await cell.locator('.CodeMirror-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await typeCode(page, code);
  },

  async editorText(page, index) {
    return this.cell(page, index).locator('.CodeMirror').evaluate(el => el.CodeMirror.getValue());
  },

  // Esc (command mode) on the last cell, then "b": a new code cell at the end. Returns its index.
  async appendCell(page) {
    const count = await page.locator(CLASSIC.cells).count();
    const last = this.cell(page, count - 1);
    await last.scrollIntoViewIfNeeded();
    await last.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Escape');
    await page.keyboard.press('b');
    await page.waitForFunction(n => document.querySelectorAll('#notebook-container > .cell').length === n + 1, count);
    return count;
  },

  async interrupt(page) {
    await page.click('#maintoolbar-container button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]');
  },

  // The notebook scrolls inside #site; for a full-page picture the page itself must grow.
  async fullScreenshot(page, path) {
    const style = await page.addStyleTag({ content: `
      html, body { height: auto !important; overflow: visible !important; }
      #site { height: auto !important; overflow: visible !important; display: block !important; }
      #header { position: static !important; }` });
    await sleep(300);
    await page.screenshot({ path, fullPage: true, timeout: 180000 });
    await style.evaluate(el => el.remove());
  },
};

const lab = {
  name: 'JupyterLab',
  sel: LAB,

  async listNames(page) {
    await page.waitForSelector('.jp-DirListing-content .jp-DirListing-itemText');
    return page.$$eval('.jp-DirListing-content .jp-DirListing-itemText', els => els.map(e => e.textContent.trim()));
  },

  // The file browser: double-click through the folders, then the notebook (it opens in a tab).
  async open(context, listPage, relPath) {
    const parts = relPath.split('/');
    for (const part of parts) {
      const item = listPage.locator('.jp-DirListing-content .jp-DirListing-item', { has: listPage.locator(`.jp-DirListing-itemText:text-is("${part}")`) });
      await item.dblclick();
      if (part !== parts[parts.length - 1]) await listPage.waitForSelector(`.jp-BreadCrumbs:has-text("${part}")`);
    }
    await listPage.waitForSelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
    return listPage;
  },

  // ?reset: a fresh workspace, so that the notebook of the last round does not open again
  listUrl(base) { return `${base}/lab?reset`; },

  async waitKernel(page, timeout) {
    await page.locator('#jp-main-statusbar').getByText('Idle').first().waitFor({ timeout });
  },

  async runAll(page) {
    await page.locator('.lm-MenuBar-item', { hasText: /^Run$/ }).click();
    await page.locator('.lm-Menu-item[data-command="notebook:run-all-cells"]').click();
  },

  async waitDone(page, timeout) {
    const deadline = Date.now() + timeout;
    let idleSince = 0;
    while (Date.now() < deadline) {
      const busy = await page.evaluate(() =>
        [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt')].some(p => p.textContent.includes('*'))
        || !/Idle/.test(document.querySelector('#jp-main-statusbar')?.textContent || ''));
      if (!busy) {
        if (!idleSince) idleSince = Date.now();
        if (Date.now() - idleSince >= 1000) return;
      } else idleSince = 0;
      await sleep(250);
    }
    throw new Error(`the notebook was still running after ${timeout / 1000} s`);
  },

  cell(page, index) { return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) ' + LAB.cells).nth(index); },

  async prompt(page, index) { return (await this.cell(page, index).locator('.jp-InputPrompt').innerText()).trim(); },

  async typeInto(page, index, code) {
    const cell = this.cell(page, index);
    await cell.scrollIntoViewIfNeeded();
    await cell.locator('.cm-content').click();    // JupyterLab 4 does not close brackets by default
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await typeCode(page, code);
  },

  async editorText(page, index) {
    return this.cell(page, index).locator('.cm-content .cm-line').evaluateAll(lines => lines.map(l => l.textContent).join('\n'));
  },

  async appendCell(page) {
    const cells = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) ' + LAB.cells);
    const count = await cells.count();
    await cells.nth(count - 1).scrollIntoViewIfNeeded();
    await cells.nth(count - 1).locator('.jp-Cell-inputWrapper').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Escape');
    await page.keyboard.press('b');
    await page.waitForFunction(n => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').length === n + 1, count);
    return count;
  },

  async interrupt(page) {
    await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar [data-command="notebook:interrupt-kernel"]').click();
  },

  // JupyterLab scrolls the notebook inside its panel: let the page grow for the picture.
  async fullScreenshot(page, path) {
    const height = await page.evaluate(() => {
      const outer = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
      return outer ? outer.scrollHeight + 200 : document.body.scrollHeight;
    });
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: viewport.width, height: Math.min(height, 30000) });
    await sleep(1000);
    await page.screenshot({ path, fullPage: true, timeout: 180000 });
    await page.setViewportSize(viewport);
  },
};

export function uiFor(name) {
  return name === 'lab' ? lab : classic;
}
