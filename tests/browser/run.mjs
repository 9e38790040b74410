#!/usr/bin/env node
// The notebooks as a learner uses them (issue 20): Debian's Chromium, driven by playwright-core,
// opens the project's Jupyter server (started as environment/start.sh starts it: token on,
// localhost, here a free port), and for each notebook
//   1. opens it from the notebook list (the URL with the token, then folder by folder),
//   2. runs all cells from the menu and waits until the kernel is idle, then asserts: no error
//      output, every chart an <img> whose PNG decodes in the browser with a sensible size and is not
//      blank (pixel statistics from a canvas), no chart wider than the page, every Tablesaw table an
//      HTML table with the rows and columns its caption states, no chart or table shown as text,
//      no [DOES NOT HOLD], progress bars redrawn in place (one output area that changes),
//   3. types the first exercise's reference solution (cell metadata mljava.solution) into its editor
//      key by key, runs it and its check cell, and sees [NOT YET] turn into [PASS]; in one notebook
//      (the first) it then starts a busy loop, stops it with the toolbar's interrupt button, and
//      shows that a variable defined before and the learner's function survived,
//   4. saves a full-page screenshot; a failure names it.
// Prints a table and "browser: N passed, N failed"; exit 1 on a failure.
//
//   node tests/browser/run.mjs [notebook ...] [--out DIR] [--ui auto|classic|lab] [--timeout S] [--from DIR]
//     notebooks relative to notebooks/ (default: the set below); --out default build/browser-test;
//     --timeout: seconds for one notebook's run (default 900); --from: another folder of notebooks
// Environment: MLJAVA_PYTHON (the Python with Jupyter; as setup.sh finds it), MLJAVA_CHROMIUM
// (default /usr/bin/chromium). The server gets MLJAVA_MODE=quick.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { startJupyter } from './server.mjs';
import { collectPage, watchCells } from './collect.mjs';
import { checkOutputs, checkProgress, checkExerciseOutput, sameCode } from './checks.mjs';
import { uiFor } from './ui.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// One notebook from each line of the collection; the first also gets the interrupt test.
export const DEFAULT_NOTEBOOKS = [
  '00-roadmap.ipynb',                                   // Start here: a chart, a progress bar, exercises
  'ml-pytorch-sklearn/ch02-perceptron-adaline.ipynb',   // main line: 15 charts, decision regions
  'nlp-transformers/ch01-hello-transformers.ipynb',     // second line: tokenizers, MiniLM, tables
  'algorithms/k-nearest-neighbours.ipynb',              // algorithms: tables and charts
  'foundations/xchart-for-matplotlib-users.ipynb',      // foundations: 17 charts of every kind
];

function parseArgs(argv) {
  const opts = { notebooks: [], out: path.join(ROOT, 'build', 'browser-test'), ui: 'auto', timeout: 900, from: path.join(ROOT, 'notebooks') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = path.resolve(argv[++i]);
    else if (a === '--ui') opts.ui = argv[++i];
    else if (a === '--from') opts.from = path.resolve(argv[++i]);
    else if (a === '--timeout') opts.timeout = Number(argv[++i]);
    else if (a === '-h' || a === '--help') { console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1).filter((l, i, all) => all.slice(0, i + 1).every(x => x.startsWith('//'))).map(l => l.replace(/^\/\/ ?/, '')).join('\n')); process.exit(0); }
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else opts.notebooks.push(a.replace(/^(\.\/)?notebooks\//, ''));
  }
  if (!opts.notebooks.length) opts.notebooks = DEFAULT_NOTEBOOKS;
  if (!['auto', 'classic', 'lab'].includes(opts.ui)) throw new Error(`--ui takes auto, classic or lab, not ${opts.ui}`);
  return opts;
}

function findPython() {
  for (const candidate of [process.env.MLJAVA_PYTHON, '/usr/bin/python3', 'python3']) {
    if (!candidate) continue;
    const r = spawnSync(candidate, ['-c', 'import jupyter_core; import notebook'], { stdio: 'ignore' });
    const lab = spawnSync(candidate, ['-c', 'import jupyterlab'], { stdio: 'ignore' });
    if (r.status === 0 || lab.status === 0) return candidate;
  }
  throw new Error('no Python with Jupyter found (set MLJAVA_PYTHON, or run environment/setup.sh)');
}

// The notebooks go to a scratch folder: the UI autosaves, and the checkout must stay as it is.
function copyNotebooks(src, dest) {
  fs.rmSync(dest, { recursive: true, force: true });
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.ipynb_checkpoints') continue;
      const from = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(from);
      else if (entry.name.endsWith('.ipynb')) {
        const to = path.join(dest, path.relative(src, from));
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.copyFileSync(from, to);
      }
    }
  };
  walk(src);
}

// What the notebook file says about its cells: progress bars, exercises and their checks.
function readPlan(file) {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8'));
  const src = c => (Array.isArray(c.source) ? c.source.join('') : c.source || '');
  const progress = [];
  const stubs = new Map(), checks = new Map();
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type !== 'code') return;
    const m = /Progress\.start\("([^"]+)"/.exec(src(cell));
    if (m) progress.push({ index, label: m[1] });
    const meta = (cell.metadata || {}).mljava || {};
    if (meta.exercise && meta.solution) stubs.set(meta.exercise, { index, solution: meta.solution });
    if (meta.check) checks.set(meta.check, index);
  });
  const exercises = [...stubs].filter(([id]) => checks.has(id))
    .map(([id, s]) => ({ id, index: s.index, solution: s.solution, check: checks.get(id) }));
  // a notebook that calls the chart helpers or XChart must show at least one chart
  const drawsCharts = nb.cells.some(c => c.cell_type === 'code' && /\bCharts\.\w+\(|\b\w*ChartBuilder\b|\bBufferedImage\b/.test(src(c)));
  return { cellCount: nb.cells.length, progress, exercises, drawsCharts };
}

async function waitForRun(ui, page, index, before, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await ui.prompt(page, index);
    if (now !== before && !now.includes('*') && /\d/.test(now)) break;
    if (Date.now() > deadline) throw new Error(`cell ${index} did not finish within ${timeoutMs / 1000} s (prompt "${now}")`);
    await new Promise(r => setTimeout(r, 200));
  }
  await ui.waitDone(page, timeoutMs);
}

async function cellText(page, ui, index) {
  return ui.cell(page, index).locator(ui.sel.outputArea).evaluateAll(areas => areas.map(a => a.innerText).join('\n'));
}

async function exerciseRound(ui, page, name, exercise, problems, log) {
  const where = `${name} exercise ${exercise.id} (cells ${exercise.index}, ${exercise.check})`;
  const before = await cellText(page, ui, exercise.check);
  problems.push(...checkExerciseOutput(`${where}, before the edit`, before, 'NOT YET'));
  await ui.typeInto(page, exercise.index, exercise.solution);
  const typed = await ui.editorText(page, exercise.index);
  if (!sameCode(typed, exercise.solution)) {
    problems.push(`${where}: the editor holds other code than was typed:\n${typed.slice(0, 400)}`);
    return;
  }
  // Shift+Enter runs the cell and moves to the next one, the check; Shift+Enter again runs that.
  const p1 = await ui.prompt(page, exercise.index), p2 = await ui.prompt(page, exercise.check);
  await page.keyboard.press('Shift+Enter');
  await waitForRun(ui, page, exercise.index, p1, 300000);
  await page.keyboard.press('Shift+Enter');
  await waitForRun(ui, page, exercise.check, p2, 300000);
  const after = await cellText(page, ui, exercise.check);
  problems.push(...checkExerciseOutput(`${where}, after typing the reference solution`, after, 'PASS'));
  log(`    exercise ${exercise.id}: typed ${exercise.solution.length} characters; the check says ${(/\[(PASS|NOT YET)\]/.exec(after) || ['?'])[0]}`);
}

async function interruptRound(ui, page, name, exercise, problems, log) {
  const where = `${name} interrupt`;
  const run = async (code, timeoutMs = 120000) => {
    const index = await ui.appendCell(page);
    await ui.typeInto(page, index, code);
    const before = await ui.prompt(page, index);
    await page.keyboard.press('Control+Enter');
    if (timeoutMs) await waitForRun(ui, page, index, before, timeoutMs);
    return index;
  };
  await run('int browserTestState = 20261206;');
  const loop = await run('long spins = 0;\nwhile (true) spins++;', 0);
  await page.waitForFunction(({ sel, index }) =>
    (document.querySelectorAll(sel.cells)[index]?.querySelector(sel.prompt)?.textContent || '').includes('*'),
  { sel: ui.sel, index: loop }, { timeout: 60000 });
  await new Promise(r => setTimeout(r, 3000));
  const t0 = Date.now();
  await ui.interrupt(page);
  await waitForRun(ui, page, loop, await ui.prompt(page, loop), 60000).catch(e => problems.push(`${where}: ${e.message}`));
  const stopped = (Date.now() - t0) / 1000;
  const loopText = await cellText(page, ui, loop);
  if (!/interrupt/i.test(loopText)) problems.push(`${where}: the loop's cell does not say it was interrupted: ${loopText.slice(0, 200)}`);
  const probe = await run('System.out.println("kept after the interrupt: " + browserTestState);');
  const probeText = await cellText(page, ui, probe);
  if (!probeText.includes('kept after the interrupt: 20261206')) {
    problems.push(`${where}: a variable defined before the interrupt is gone: ${probeText.slice(0, 200)}`);
  }
  let again = '';
  if (exercise) {   // the learner's function, defined before the interrupt, still passes its check
    const before = await ui.prompt(page, exercise.check);
    await ui.cell(page, exercise.check).locator(ui.sel.prompt).click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Enter');
    await waitForRun(ui, page, exercise.check, before, 120000);
    again = await cellText(page, ui, exercise.check);
    problems.push(...checkExerciseOutput(`${where}: exercise ${exercise.id} re-checked after the interrupt`, again, 'PASS'));
  }
  log(`    interrupt: the busy loop stopped ${stopped.toFixed(1)} s after the toolbar click; state kept: ${probeText.includes('20261206')}`
    + (exercise ? `; exercise ${exercise.id} still ${(/\[(PASS|NOT YET)\]/.exec(again) || ['?'])[0]}` : ''));
}

async function testNotebook({ ui, context, server, relPath, dir, shots, opts, withInterrupt, log }) {
  const name = relPath.replace(/\.ipynb$/, '');
  const shot = path.join(shots, name.replace(/\//g, '__') + '.png');
  const started = Date.now();
  const problems = [];
  const plan = readPlan(path.join(dir, relPath));
  let listPage, page;
  const stats = { phases: {} };
  let mark = Date.now();
  const phase = (label) => { stats.phases[label] = +((Date.now() - mark) / 1000).toFixed(1); mark = Date.now(); };
  try {
    listPage = await context.newPage();
    await listPage.goto(ui.listUrl(server.base));
    page = await ui.open(context, listPage, relPath);
    phase('open');
    await ui.waitKernel(page, 180000);
    phase('kernel');
    const cellCount = await page.locator(ui.sel.cells).count();
    if (cellCount !== plan.cellCount) problems.push(`${name}: the page shows ${cellCount} cells, the file has ${plan.cellCount}`);
    await page.evaluate(watchCells, { sel: ui.sel, indices: plan.progress.map(p => p.index) });
    const t0 = Date.now();
    await ui.runAll(page);
    await ui.waitDone(page, opts.timeout * 1000);
    stats.run = (Date.now() - t0) / 1000;
    phase('run');
    const snapshot = await page.evaluate(collectPage, ui.sel);
    snapshot.name = name;
    const result = checkOutputs(snapshot, undefined, { minCharts: plan.drawsCharts ? 1 : 0 });
    problems.push(...result.problems);
    stats.charts = result.charts;
    stats.tables = result.tables;
    const history = await page.evaluate(() => window.__mljavaWatch);
    for (const bar of plan.progress) {
      const finalCell = snapshot.cells.find(c => c.index === bar.index) || { outputs: [] };
      problems.push(...checkProgress(`${name} cell ${bar.index}`, bar.label, history[bar.index] || [], finalCell));
    }
    stats.progress = plan.progress.map(bar => ({ cell: bar.index, label: bar.label,
      states: (history[bar.index] || []).length, texts: [...new Set((history[bar.index] || []).flatMap(h => h.texts))].slice(0, 8) }));
    stats.images = snapshot.cells.flatMap(c => c.outputs.filter(o => o.img).map(o => ({
      cell: c.index, size: `${o.img.naturalWidth}x${o.img.naturalHeight}`, shown: o.img.displayWidth,
      lumaStd: o.img.pixels && +Number(o.img.pixels.lumaStd).toFixed(1), foreground: o.img.pixels && +Number(o.img.pixels.foreground).toFixed(3) })));
    log(`  ${name}: ran in ${stats.run.toFixed(0)} s; ${snapshot.cells.length} code cells, ${result.charts} charts, `
      + `${result.tables} tables, ${plan.progress.length} progress bars`);
    phase('checks');
    const exercise = plan.exercises[0];
    if (!exercise) problems.push(`${name}: no exercise with a reference solution and a check`);
    else await exerciseRound(ui, page, name, exercise, problems, log);
    phase('exercise');
    if (withInterrupt) { await interruptRound(ui, page, name, exercise, problems, log); phase('interrupt'); }
  } catch (e) {
    problems.push(`${name}: ${e.message.split('\n')[0]}`);
  } finally {
    if (page) {
      await ui.fullScreenshot(page, shot).catch(e => problems.push(`${name}: no screenshot (${e.message.split('\n')[0]})`));
      phase('screenshot');
    }
    await server.shutdownKernels();
    if (page && page !== listPage) await page.close().catch(() => {});
    if (listPage) await listPage.close().catch(() => {});
    phase('close');
    log(`    seconds: ${Object.entries(stats.phases).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  return { name, seconds: (Date.now() - started) / 1000, problems, shot, stats };
}

// Chromium's sandbox needs user namespaces; as root, and in some containers, it has none. The pages
// are this test's own localhost server, so then it runs without the sandbox (and says so).
export async function launchChromium(executablePath, log = () => {}) {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    throw new Error(`playwright-core is not installed (${e.code || e.message}): environment/test.sh installs it, `
      + 'or run "npm ci" in tests/browser');
  }
  const args = ['--disable-dev-shm-usage'];
  if (process.getuid && process.getuid() === 0) return chromium.launch({ executablePath, args: [...args, '--no-sandbox'] });
  try {
    return await chromium.launch({ executablePath, args, timeout: 60000 });
  } catch (e) {
    log(`Chromium did not start with its sandbox (${e.message.split('\n')[0].slice(0, 120)}); starting it with --no-sandbox`);
    return chromium.launch({ executablePath, args: [...args, '--no-sandbox'] });
  }
}

export async function main(argv = process.argv.slice(2)) {
  const opts = parseArgs(argv);
  const log = (...a) => console.log(...a);
  const python = findPython();
  const chromiumPath = process.env.MLJAVA_CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (Debian: apt-get install chromium; or set MLJAVA_CHROMIUM)`);
  const shots = path.join(opts.out, 'screenshots');
  const dir = path.join(opts.out, 'notebooks');
  fs.rmSync(shots, { recursive: true, force: true });
  fs.mkdirSync(shots, { recursive: true });
  copyNotebooks(opts.from, dir);
  for (const nb of opts.notebooks) {
    if (!fs.existsSync(path.join(dir, nb))) throw new Error(`no notebook notebooks/${nb}`);
  }
  log(`screenshots: ${shots}`);

  const started = Date.now();
  let server, browser;
  const results = [];
  const cleanup = async () => {
    if (browser) await browser.close().catch(() => {});
    if (server) { await server.shutdownKernels().catch(() => {}); await server.stop(); }
  };
  const onSignal = async (signal) => { await cleanup(); process.exit(signal === 'SIGINT' ? 130 : 143); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const app = opts.ui === 'auto' ? undefined : (opts.ui === 'lab' ? 'lab' : 'notebook');
    server = await startJupyter({ python, notebookDir: dir, scratchDir: opts.out, env: { MLJAVA_MODE: 'quick' }, log, app });
    const ui = uiFor(server.ui);
    browser = await launchChromium(chromiumPath, log);
    log(`Chromium ${browser.version()}; ${ui.name}`);

    // The notebook list: the printed URL with the token opens it; without the token, the login page.
    const t0 = Date.now();
    const listProblems = [];
    const stranger = await browser.newContext();
    const refused = await stranger.newPage();
    await refused.goto(`${server.base}/tree`).catch(() => {});
    if (!/\/login/.test(refused.url())) listProblems.push(`without the token the server shows ${refused.url()}, not its login page`);
    await stranger.close();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.on('page', p => p.on('dialog', d => d.accept().catch(() => {})));
    const listPage = await context.newPage();
    await listPage.goto(server.url);
    const names = await ui.listNames(listPage);
    const wanted = [...new Set(opts.notebooks.map(nb => nb.split('/')[0]))];
    const missing = wanted.filter(n => !names.includes(n));
    if (missing.length) listProblems.push(`the notebook list does not show ${missing.join(', ')} (it shows ${names.join(', ')})`);
    const listShot = path.join(shots, 'notebook-list.png');
    await listPage.screenshot({ path: listShot });
    await listPage.close();
    results.push({ name: 'notebook list (token)', seconds: (Date.now() - t0) / 1000, problems: listProblems, shot: listShot, stats: {} });

    for (let i = 0; i < opts.notebooks.length; i++) {
      results.push(await testNotebook({ ui, context, server, relPath: opts.notebooks[i], dir, shots, opts, withInterrupt: i === 0, log }));
    }
  } catch (e) {
    results.push({ name: 'browser test', seconds: (Date.now() - started) / 1000, problems: [e.message], shot: null, stats: {} });
  } finally {
    await cleanup();
  }

  const failed = results.filter(r => r.problems.length);
  log('');
  log(`${'test'.padEnd(58)} ${'seconds'.padStart(7)}  status`);
  for (const r of results) {
    log(`${r.name.padEnd(58)} ${r.seconds.toFixed(0).padStart(7)}  ${r.problems.length ? 'FAIL' : 'ok'}`);
  }
  for (const r of failed) {
    log(`\nFAIL ${r.name}${r.shot ? ` (screenshot: ${r.shot})` : ''}`);
    for (const p of r.problems.slice(0, 30)) log(`  - ${p}`);
    if (r.problems.length > 30) log(`  ... and ${r.problems.length - 30} more`);
  }
  fs.writeFileSync(path.join(opts.out, 'report.json'), JSON.stringify(results, null, 1));
  log(`\nbrowser test: ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in ${shots}`);
  log(`browser: ${results.length - failed.length} passed, ${failed.length} failed`);
  return failed.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(code => process.exit(code), e => { console.error(`browser test: ${e.message}`); process.exit(1); });
}
