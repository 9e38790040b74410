// The assertions of the browser test, as pure functions of what the page showed (a "snapshot" that
// collect.mjs takes from the DOM), so that they can be unit-tested on made-up pages and outputs
// (checks.test.mjs) without a kernel. Every function returns a list of failure messages; empty = pass.

// text/plain of the kernel's renderers (kernel/src/main): what a learner would see instead of the
// picture or the table if the browser could not show the image/png or text/html part.
export const CHART_AS_TEXT = /^(?:[A-Z][A-Za-z]*Chart|BufferedImage \d+x\d+)$/;
export const TABLE_AS_TEXT = /^[^\n]*: \d+ rows? x \d+ columns?(?:\n|$)/;
// Tablesaw's HTML caption: "<name>: R rows x C columns"
const TABLE_CAPTION = /: (\d+) rows? x (\d+) columns?\s*$/;

// A chart is "blank" when its pixels hardly vary: the standard deviation of the luminance (0..255)
// and the share of pixels that differ from the most common colour (the background) are both tiny.
// XChart's charts measured here: std 20..110, 3..60 % non-background pixels.
export const LIMITS = {
  minWidth: 100, minHeight: 40, maxWidth: 4000, maxHeight: 4000,
  minLumaStd: 4, minForeground: 0.005,
  // a picture shrunk to fit the page below this share of its width has unreadable labels
  minScale: 0.4,
  // one output area per progress bar, a handful of outputs in its cell
  maxProgressOutputs: 1,
};

export function checkImage(where, img, limits = LIMITS) {
  limits = limits || LIMITS;
  const problems = [];
  if (!img.complete || !img.naturalWidth || !img.naturalHeight) {
    return [`${where}: the <img> does not decode in the browser (${img.src ? img.src.slice(0, 40) + '...' : 'no src'})`];
  }
  if (!/^data:image\/png;base64,/.test(img.src || '')) {
    problems.push(`${where}: the <img> is not an inline PNG (src ${String(img.src).slice(0, 40)})`);
  }
  if (img.naturalWidth < limits.minWidth || img.naturalHeight < limits.minHeight
      || img.naturalWidth > limits.maxWidth || img.naturalHeight > limits.maxHeight) {
    problems.push(`${where}: the PNG is ${img.naturalWidth}x${img.naturalHeight} px, outside `
      + `${limits.minWidth}x${limits.minHeight} .. ${limits.maxWidth}x${limits.maxHeight}`);
  }
  const s = img.pixels;
  if (!s || s.error) {
    problems.push(`${where}: the PNG's pixels could not be read back (${s ? s.error : 'no pixel statistics'})`);
  } else if (s.lumaStd < limits.minLumaStd || s.foreground < limits.minForeground) {
    problems.push(`${where}: the chart is blank (luminance std ${s.lumaStd.toFixed(2)} < ${limits.minLumaStd} `
      + `or ${(100 * s.foreground).toFixed(2)} % non-background pixels < ${100 * limits.minForeground} %)`);
  }
  if (img.displayWidth > img.containerWidth + 1) {
    problems.push(`${where}: the chart is ${img.displayWidth} px wide on a ${img.containerWidth} px output area (cut off)`);
  }
  if (img.displayWidth < limits.minScale * img.naturalWidth) {
    problems.push(`${where}: the ${img.naturalWidth} px wide chart is shrunk to ${img.displayWidth} px to fit the page `
      + `(below ${limits.minScale * 100} %): too wide for the page`);
  }
  return problems;
}

export function checkTable(where, table) {
  const problems = [];
  const caption = TABLE_CAPTION.exec(table.caption || '');
  if (!table.tables) {
    return [`${where}: an HTML output without a <table> (${(table.text || '').slice(0, 80)})`];
  }
  if (!table.visible) problems.push(`${where}: the table is not visible`);
  if (caption) {
    const rows = Number(caption[1]), columns = Number(caption[2]);
    if (table.columns !== columns) problems.push(`${where}: the table shows ${table.columns} columns, its caption says ${columns}`);
    if (table.rows < Math.min(rows, 1) || table.rows > rows) {
      problems.push(`${where}: the table shows ${table.rows} rows, its caption says ${rows}`);
    }
  }
  return problems;
}

// snapshot: { name, cells: [{ index, prompt, source, outputs: [...] , overflow }], pageOverflow }
// output: { kind: 'image'|'html'|'text'|'error'|'stderr'|'other', text, img?, table? }
// expect.minCharts: the notebook draws charts, so a page without any <img> chart fails.
export function checkOutputs(snapshot, limits = LIMITS, expect = {}) {
  limits = limits || LIMITS;
  const problems = [];
  let charts = 0, tables = 0;
  for (const cell of snapshot.cells) {
    const where = `${snapshot.name} cell ${cell.index}`;
    if (!cell.ran) problems.push(`${where}: did not run (prompt "${cell.prompt}")`);
    cell.outputs.forEach((out, n) => {
      const at = `${where} output ${n + 1}`;
      const text = (out.text || '').trim();
      if (out.kind === 'error') {
        problems.push(`${at}: error output: ${text.split('\n').slice(0, 3).join(' | ').slice(0, 300)}`);
      } else if (out.kind === 'image') {
        charts++;
        problems.push(...checkImage(at, out.img, limits));
      } else if (out.kind === 'html') {
        if (out.table && (out.table.tables || TABLE_CAPTION.test(out.table.caption || ''))) {
          tables++;
          problems.push(...checkTable(at, out.table));
        }
      } else if (out.kind === 'other') {
        problems.push(`${at}: an output the page cannot show: ${text.slice(0, 200)}`);
      }
      if (out.kind !== 'image' && CHART_AS_TEXT.test(text)) {
        problems.push(`${at}: a chart shown as text ("${text}") instead of an <img>`);
      }
      if (out.kind !== 'html' && TABLE_AS_TEXT.test(text)) {
        problems.push(`${at}: a table shown as text ("${text.split('\n')[0]}") instead of an HTML table`);
      }
      if (/\[DOES NOT HOLD\]/.test(text)) {
        problems.push(`${at}: ${text.split('\n').find(line => line.includes('[DOES NOT HOLD]'))}`);
      }
    });
  }
  if (expect.minCharts && charts < expect.minCharts) {
    problems.push(`${snapshot.name}: no chart found on the page (${charts} <img> charts; expected at least ${expect.minCharts})`);
  }
  if (snapshot.pageOverflow > 1) {
    problems.push(`${snapshot.name}: the page scrolls sideways by ${snapshot.pageOverflow} px (something is too wide)`);
  }
  return { problems, charts, tables };
}

// The progress bar's cell: while it ran, the output area that shows the bar changed its text in place.
// history: [{ outputs: <number of output areas in the cell>, texts: [<text of each output area>] }, ...]
export function checkProgress(where, label, history, finalCell, limits = LIMITS) {
  const problems = [];
  const isBar = text => text.startsWith(label + ' [') || text.startsWith(label + ':');
  const barAreas = finalCell.outputs.filter(o => isBar((o.text || '').trim()));
  if (barAreas.length !== limits.maxProgressOutputs) {
    problems.push(`${where}: ${barAreas.length} output areas show the progress bar "${label}" (expected exactly ${limits.maxProgressOutputs})`);
  }
  const maxAreas = Math.max(0, ...history.map(h => h.texts.filter(t => isBar(t.trim())).length));
  if (maxAreas > limits.maxProgressOutputs) {
    problems.push(`${where}: while it ran, ${maxAreas} output areas showed the progress bar at once (not updated in place)`);
  }
  const seen = new Set(history.flatMap(h => h.texts.map(t => t.trim()).filter(isBar)));
  if (seen.size < 2) {
    problems.push(`${where}: the progress bar "${label}" never changed in place (texts seen: ${[...seen].join(' / ') || 'none'})`);
  }
  const last = barAreas.length ? barAreas[0].text.trim() : '';
  if (barAreas.length && !new RegExp('^' + label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + ': \\d+/\\d+ done').test(last)) {
    problems.push(`${where}: the progress bar did not end as its summary line (it shows "${last}")`);
  }
  return problems;
}

export function checkExerciseOutput(where, text, expected) {
  if (expected === 'NOT YET' && /\[NOT YET\]/.test(text) && !/\[PASS\]/.test(text)) return [];
  if (expected === 'PASS' && /\[PASS\]/.test(text) && !/\[NOT YET\]/.test(text)) return [];
  return [`${where}: the check cell should print [${expected}], it shows: ${text.trim().slice(0, 200) || '(nothing)'}`];
}

// Java ignores indentation: the editor's auto-indent may differ from the typed text, nothing else.
export function sameCode(a, b) {
  const norm = s => s.split('\n').map(line => line.trim()).filter(line => line).join('\n');
  return norm(a) === norm(b);
}
