// Unit tests of the browser test's assertions: a broken chart renderer must fail them.
//   node --test tests/browser/checks.test.mjs
// The first group feeds checks.mjs made-up snapshots; the second builds pages in the classic
// Notebook's markup (a good chart, a blank PNG, a PNG that does not decode, a chart whose image
// went missing so that only its text/plain shows) and runs the real in-page collector on them in
// Chromium (skipped when there is no Chromium).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { checkImage, checkOutputs, checkProgress, checkTable, checkExerciseOutput, sameCode } from './checks.mjs';
import { collectPage, CLASSIC, LAB } from './collect.mjs';

// --- a tiny PNG encoder (8-bit RGB), to make charts and blank pictures --------------------------
const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
export function encodePng(width, height, pixel) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const o = y * (width * 3 + 1) + 1 + x * 3;
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
// white, with axes, a grid and two curves: what XChart draws
const chartPng = () => encodePng(600, 400, (x, y) => {
  if (x === 60 || y === 350) return [0, 0, 0];
  if (x > 60 && y < 350 && (x % 60 === 0 || y % 50 === 0)) return [220, 220, 220];
  if (Math.abs(y - (200 + 120 * Math.sin(x / 50))) < 2) return [31, 119, 180];
  if (Math.abs(y - (200 + 120 * Math.cos(x / 50))) < 2) return [255, 127, 14];
  return [255, 255, 255];
});
const blankPng = () => encodePng(600, 400, () => [255, 255, 255]);
const dataUrl = buf => 'data:image/png;base64,' + buf.toString('base64');

// --- made-up snapshots --------------------------------------------------------------------------
const goodImg = () => ({ src: 'data:image/png;base64,AAAA', complete: true, naturalWidth: 600, naturalHeight: 400,
  displayWidth: 600, displayHeight: 400, containerWidth: 1000, pixels: { lumaStd: 40, foreground: 0.08 } });
const snap = (outputs, extra = {}) => ({ name: 'nb', pageOverflow: 0, cells: [{ index: 3, prompt: 'In [1]:', ran: true, outputs }], ...extra });

test('a decoded, varied chart of a sensible size passes', () => {
  assert.deepEqual(checkImage('c', goodImg()), []);
  assert.deepEqual(checkOutputs(snap([{ kind: 'image', text: '', img: goodImg() }])).problems, []);
});

test('an <img> that does not decode fails', () => {
  const p = checkImage('c', { ...goodImg(), complete: true, naturalWidth: 0, naturalHeight: 0 });
  assert.match(p.join(), /does not decode/);
});

test('a blank PNG fails (pixel variance)', () => {
  assert.match(checkImage('c', { ...goodImg(), pixels: { lumaStd: 0, foreground: 0 } }).join(), /blank/);
  assert.match(checkImage('c', { ...goodImg(), pixels: { lumaStd: 30, foreground: 0.001 } }).join(), /blank/);
});

test('a tiny or a cut-off or a much-shrunk chart fails', () => {
  assert.match(checkImage('c', { ...goodImg(), naturalWidth: 20, naturalHeight: 10 }).join(), /outside/);
  assert.match(checkImage('c', { ...goodImg(), displayWidth: 1200, containerWidth: 1000 }).join(), /cut off/);
  assert.match(checkImage('c', { ...goodImg(), naturalWidth: 3000, displayWidth: 1000 }).join(), /too wide/);
});

test('a chart renderer that sends only text/plain fails: the page shows "XYChart", no <img>', () => {
  const r = checkOutputs(snap([{ kind: 'text', text: 'XYChart' }]), undefined, { minCharts: 1 });
  assert.match(r.problems.join('\n'), /chart shown as text/);
  assert.match(r.problems.join('\n'), /no chart/);
  assert.match(checkOutputs(snap([{ kind: 'text', text: 'BufferedImage 640x480' }])).problems.join(), /chart shown as text/);
});

test('a page with no chart at all fails when the notebook draws charts', () => {
  const r = checkOutputs(snap([{ kind: 'text', text: 'epochs = 3' }]), undefined, { minCharts: 1 });
  assert.match(r.problems.join(), /no chart/);
});

test('error outputs, cells that did not run, and checks that do not hold fail', () => {
  assert.match(checkOutputs(snap([{ kind: 'error', text: 'java.lang.IllegalStateException: boom' }])).problems.join(), /error output/);
  const notRun = { name: 'nb', pageOverflow: 0, cells: [{ index: 1, prompt: 'In [ ]:', ran: false, outputs: [] }] };
  assert.match(checkOutputs(notRun).problems.join(), /did not run/);
  assert.match(checkOutputs(snap([{ kind: 'text', text: '[DOES NOT HOLD] ours vs Smile: 0.5 vs 0.7' }])).problems.join(), /DOES NOT HOLD/);
  assert.match(checkOutputs(snap([]), undefined, {}).problems.join() + checkOutputs({ ...snap([]), pageOverflow: 300 }).problems.join(), /sideways/);
});

test('Tablesaw tables must be HTML tables with the shape their caption states', () => {
  const table = { tables: 1, caption: 'iris: 150 rows x 5 columns', columns: 5, rows: 10, visible: true };
  assert.deepEqual(checkTable('t', table), []);
  assert.match(checkTable('t', { ...table, columns: 4 }).join(), /4 columns/);
  assert.match(checkTable('t', { ...table, tables: 0 }).join(), /without a <table>/);
  assert.match(checkOutputs(snap([{ kind: 'text', text: 'iris: 150 rows x 5 columns\nsepal length  ...' }])).problems.join(), /table shown as text/);
});

test('a progress bar must be one output area redrawn in place', () => {
  const final = { outputs: [{ kind: 'text', text: 'Epochs: 5/5 done in 1.0 s' }] };
  const inPlace = [{ outputs: 1, texts: ['Epochs [.....] 0/5  0.0 s'] }, { outputs: 1, texts: ['Epochs [##...] 2/5  0.4 s'] },
    { outputs: 1, texts: ['Epochs: 5/5 done in 1.0 s'] }];
  assert.deepEqual(checkProgress('c', 'Epochs', inPlace, final), []);
  const printed = Array.from({ length: 5 }, (_, i) => ({ outputs: i + 1, texts: Array.from({ length: i + 1 }, (_, j) => `Epochs [#] ${j}/5`) }));
  const many = { outputs: printed[4].texts.map(text => ({ kind: 'text', text })) };
  const p = checkProgress('c', 'Epochs', printed, many).join('\n');
  assert.match(p, /5 output areas show the progress bar/);
  assert.match(p, /not updated in place/);
  assert.match(checkProgress('c', 'Epochs', [{ outputs: 1, texts: ['Epochs: 5/5 done in 1.0 s'] }], final).join(), /never changed/);
});

test('exercise outputs and typed code', () => {
  assert.deepEqual(checkExerciseOutput('e', '[NOT YET] Exercise 1 (mean): the TODO is still there', 'NOT YET'), []);
  assert.deepEqual(checkExerciseOutput('e', '[PASS] Exercise 1 (mean): well done.', 'PASS'), []);
  assert.match(checkExerciseOutput('e', '[NOT YET] Exercise 1', 'PASS').join(), /should print \[PASS\]/);
  assert.ok(sameCode('int f() {\n    return 1;\n}', 'int f() {\n  return 1;\n  }\n'));
  assert.ok(!sameCode('int f() {\n    return 1;\n}', 'int f() {\n    return 1;\n}\n}'));
});

// --- pages in the classic Notebook's markup, judged by the real collector in Chromium -------------
const chromiumPath = process.env.MLJAVA_CHROMIUM || '/usr/bin/chromium';
const haveChromium = fs.existsSync(chromiumPath);

function classicPage(outputsHtml) {
  return `<!doctype html><html><head><style>
    body { margin: 0; } #site { width: 1000px; } img { max-width: 100%; }</style></head>
    <body><div id="site"><div id="notebook-container">
      <div class="cell code_cell"><div class="input"><div class="prompt input_prompt">In [1]:</div></div>
        <div class="output_wrapper"><div class="output">${outputsHtml}</div></div></div>
    </div></div></body></html>`;
}
const area = inner => `<div class="output_area"><div class="prompt"></div>${inner}</div>`;
const pngOutput = src => area(`<div class="output_subarea output_png output_result"><img src="${src}"></div>`);
const textOutput = text => area(`<div class="output_subarea output_text output_result"><pre>${text}</pre></div>`);

test('in Chromium: the collector and the checks judge real pages', { skip: !haveChromium && `no Chromium at ${chromiumPath}` }, async (t) => {
  const { launchChromium } = await import('./run.mjs');
  const browser = await launchChromium(chromiumPath);
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const judge = async (html) => {
    await page.setContent(classicPage(html));
    const snapshot = await page.evaluate(collectPage, CLASSIC);
    snapshot.name = 'page';
    return checkOutputs(snapshot, undefined, { minCharts: 1 });
  };
  const judgeLab = async (outputsHtml) => {
    await page.setContent(`<!doctype html><html><head><style>body { margin: 0; width: 1000px; } img { max-width: 100%; }</style></head>
      <body><div class="jp-Notebook"><div class="jp-Cell jp-CodeCell"><div class="jp-InputPrompt">[1]:</div>
      <div class="jp-OutputArea">${outputsHtml}</div></div></div></body></html>`);
    const snapshot = await page.evaluate(collectPage, LAB);
    snapshot.name = 'lab';
    return { snapshot, result: checkOutputs(snapshot, undefined, { minCharts: 1 }) };
  };
  const labOutput = (mime, inner) => `<div class="jp-OutputArea-child"><div class="jp-OutputPrompt"></div>`
    + `<div class="jp-OutputArea-output" data-mime-type="${mime}">${inner}</div></div>`;
  try {
    await t.test('JupyterLab markup: a chart and a table pass; IJava errors fail, library warnings on stderr do not', async () => {
      const ok = await judgeLab(labOutput('image/png', `<img src="${dataUrl(chartPng())}">`)
        + labOutput('text/html', '<div><p><b>t: 2 rows x 1 columns</b></p><table><thead><tr><th>x</th></tr></thead><tbody><tr><td>1</td></tr><tr><td>2</td></tr></tbody></table></div>')
        + labOutput('application/vnd.jupyter.stderr', '<pre>WARNING: Using incubator modules: jdk.incubator.vector</pre>'));
      assert.deepEqual(ok.result.problems, []);
      assert.deepEqual(ok.snapshot.cells[0].outputs.map(o => o.kind), ['image', 'html', 'stderr']);
      for (const text of ['|   int broken = ;\nillegal start of expression', '|   while (true) spins++;\nEvaluation interrupted.',
        '---------------------------------------------------------------------------\njava.lang.IllegalStateException: boom\n\tat .(#12:1)']) {
        const bad = await judgeLab(labOutput('image/png', `<img src="${dataUrl(chartPng())}">`) + labOutput('application/vnd.jupyter.stderr', `<pre>${text}</pre>`));
        assert.match(bad.result.problems.join(), /error output/, text);
      }
    });
    await t.test('a real chart passes, and its pixels vary', async () => {
      const r = await judge(pngOutput(dataUrl(chartPng())));
      assert.equal(r.charts, 1);
      assert.deepEqual(r.problems, []);
    });
    await t.test('a blank PNG fails', async () => {
      assert.match((await judge(pngOutput(dataUrl(blankPng())))).problems.join(), /blank/);
    });
    await t.test('a PNG that does not decode fails', async () => {
      const garbage = Buffer.from('this is not a PNG: the renderer wrote its text into the image/png field');
      assert.match((await judge(pngOutput(dataUrl(garbage)))).problems.join(), /does not decode/);
    });
    await t.test('a truncated PNG fails (Chromium draws what it got: the rest is empty)', async () => {
      const truncated = chartPng().subarray(0, 60);
      assert.notDeepEqual((await judge(pngOutput(dataUrl(truncated)))).problems, []);
    });
    await t.test('a page without the image (the renderer sent text/plain only) fails', async () => {
      const r = await judge(textOutput('XYChart'));
      assert.equal(r.charts, 0);
      assert.match(r.problems.join('\n'), /chart shown as text/);
      assert.match(r.problems.join('\n'), /no chart/);
    });
    await t.test('a chart wider than the page fails', async () => {
      const wide = encodePng(3000, 300, (x, y) => (y % 40 < 2 || x % 100 < 2 ? [0, 0, 0] : [255, 255, 255]));
      assert.match((await judge(pngOutput(dataUrl(wide)))).problems.join(), /too wide/);
    });
  } finally {
    await browser.close();
  }
});
