// What a notebook page shows, read from its DOM by a function that runs inside the page
// (page.evaluate(collectPage, selectors)). It must stay self-contained: no imports, no closures.
// The result is the "snapshot" that checks.mjs judges.

export const CLASSIC = {
  ui: 'classic',
  cells: '#notebook-container > .cell',
  codeCell: 'code_cell',
  prompt: '.input_prompt',
  ranPrompt: '^\\s*In\\s*\\[\\d+\\]',
  outputArea: '.output_area',
  // the element inside an output area that carries the output's kind
  output: '.output_subarea',
  scroller: '#site',
};

export const LAB = {
  ui: 'lab',
  cells: '.jp-Notebook .jp-Cell',
  codeCell: 'jp-CodeCell',
  prompt: '.jp-InputPrompt',
  ranPrompt: '^\\s*\\[\\d+\\]',
  outputArea: '.jp-OutputArea-child',
  output: '.jp-OutputArea-output',
  scroller: '.jp-WindowedPanel-outer',
};

export async function collectPage(sel) {
  const kindOf = (el) => {
    const cls = el.classList;
    const mime = el.getAttribute('data-mime-type') || '';
    if (sel.ui === 'classic') {
      if (cls.contains('output_error')) return 'error';
      if (cls.contains('output_stderr')) return 'stderr';
      if (el.querySelector('img') || cls.contains('output_png') || cls.contains('output_jpeg')) return 'image';
      if (cls.contains('output_html')) return 'html';
      if (cls.contains('output_text')) return 'text';
      return 'other';
    }
    if (mime.startsWith('image/')) return 'image';
    if (mime === 'text/html') return 'html';
    if (mime === 'application/vnd.jupyter.stderr') {
      // JupyterLab draws errors and stderr alike; IJava's error texts are told by their form: the
      // failing line quoted after "|", "Evaluation interrupted", a rule of dashes, an exception's name
      return /(^|\n)\|\s|Evaluation interrupted|^-{20,}|(^|\n)\s*([\w$]+\.)+[\w$]*(Exception|Error)\b/.test(el.textContent) ? 'error' : 'stderr';
    }
    if (mime === 'text/plain' || mime === 'application/vnd.jupyter.stdout') return 'text';
    return 'other';
  };
  const pixelStats = async (img) => {
    try {
      if (!img.complete || !img.naturalWidth) await img.decode();
    } catch (e) {
      return { error: 'decode failed: ' + e.message };
    }
    try {
      const scale = Math.min(1, 600 / img.naturalWidth);
      const w = Math.max(1, Math.round(img.naturalWidth * scale)), h = Math.max(1, Math.round(img.naturalHeight * scale));
      const canvas = document.createElement('canvas');
      canvas.width = w; canvas.height = h;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      ctx.fillStyle = '#ffffff';          // transparent pixels count as the page's white
      ctx.fillRect(0, 0, w, h);
      ctx.drawImage(img, 0, 0, w, h);
      const data = ctx.getImageData(0, 0, w, h).data;
      let sum = 0, sum2 = 0;
      const counts = new Map();
      const n = w * h;
      for (let i = 0; i < data.length; i += 4) {
        const y = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
        sum += y; sum2 += y * y;
        const key = ((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4);
        counts.set(key, (counts.get(key) || 0) + 1);
      }
      const mean = sum / n;
      const background = Math.max(...counts.values());
      return { lumaMean: mean, lumaStd: Math.sqrt(Math.max(0, sum2 / n - mean * mean)), foreground: 1 - background / n, colours: counts.size };
    } catch (e) {
      return { error: e.message };
    }
  };

  const cells = [];
  const all = [...document.querySelectorAll(sel.cells)];
  for (let index = 0; index < all.length; index++) {
    const cell = all[index];
    if (!cell.classList.contains(sel.codeCell)) continue;
    const prompt = (cell.querySelector(sel.prompt)?.textContent || '').trim();
    const outputs = [];
    for (const area of cell.querySelectorAll(sel.outputArea)) {
      const el = area.querySelector(sel.output);
      if (!el) continue;
      const kind = kindOf(el);
      const out = { kind, text: el.innerText.slice(0, 4000) };
      if (kind === 'image') {
        const img = el.querySelector('img');
        if (img) {
          const box = img.getBoundingClientRect();
          out.img = {
            src: img.getAttribute('src') || '', complete: img.complete, naturalWidth: img.naturalWidth,
            naturalHeight: img.naturalHeight, displayWidth: Math.round(box.width), displayHeight: Math.round(box.height),
            containerWidth: Math.round(el.getBoundingClientRect().width), pixels: await pixelStats(img),
          };
        } else {
          out.kind = 'other';
          out.text = 'an image output without an <img>: ' + el.innerHTML.slice(0, 200);
        }
      } else if (kind === 'html') {
        const table = el.querySelector('table');
        out.table = {
          tables: el.querySelectorAll('table').length,
          caption: (el.querySelector('p, caption')?.innerText || '').trim(),
          columns: table ? table.querySelectorAll('thead tr:first-child th, thead tr:first-child td').length
            || table.querySelector('tr')?.children.length || 0 : 0,
          rows: table ? table.querySelectorAll('tbody tr').length : 0,
          visible: table ? table.getBoundingClientRect().height > 0 : false,
          text: el.innerText.slice(0, 200),
        };
      }
      outputs.push(out);
    }
    cells.push({ index, prompt, ran: new RegExp(sel.ranPrompt).test(prompt), outputs });
  }
  const scroller = document.querySelector(sel.scroller) || document.scrollingElement;
  return {
    ui: sel.ui, cellCount: all.length, cells,
    pageOverflow: Math.max(0, scroller.scrollWidth - scroller.clientWidth,
      document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth),
  };
}

// Watches the output areas of the cells given (by index among all cells) and records, at every change,
// how many output areas show text and what each says: enough to tell a bar redrawn in place from a
// bar printed again and again. Read back with page.evaluate(() => window.__mljavaWatch).
export function watchCells({ sel, indices }) {
  window.__mljavaWatch = {};
  const all = [...document.querySelectorAll(sel.cells)];
  for (const index of indices) {
    const cell = all[index];
    const history = (window.__mljavaWatch[index] = []);
    if (!cell) continue;
    const record = () => {
      if (history.length > 5000) return;
      const texts = [...cell.querySelectorAll(sel.outputArea)].map(a => (a.querySelector(sel.output)?.innerText || ''));
      const last = history[history.length - 1];
      if (!last || last.texts.join('\u0000') !== texts.join('\u0000')) history.push({ outputs: texts.length, texts });
    };
    new MutationObserver(record).observe(cell, { childList: true, subtree: true, characterData: true });
  }
}
