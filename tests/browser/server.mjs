// Starts the project's Jupyter server the way environment/start.sh does: JupyterLab when the Python
// that has Jupyter can import jupyterlab, else the classic Notebook; token authentication on (Jupyter
// makes the token and prints the URL, as for a learner); localhost; --no-browser; --allow-root for
// root. Two differences, both for the test: a free port instead of 8888, and --notebook-dir is a
// scratch copy of notebooks/ (the UI autosaves, and its outputs must never land in the checkout);
// JupyterLab also gets scratch settings and workspaces (labScratch).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function whichApp(python) {
  const lab = spawnSync(python, ['-c', 'import jupyterlab'], { stdio: 'ignore' });
  return lab.status === 0 ? 'lab' : 'notebook';
}

// JupyterLab keeps settings and workspaces per user; the test gives it scratch ones (under
// scratchDir), so that a learner's own are never touched, with every cell kept in the page
// (windowingMode "none": JupyterLab 4 may otherwise leave cells out of view out of the DOM).
function labScratch(scratchDir) {
  const settings = path.join(scratchDir, 'lab-settings'), workspaces = path.join(scratchDir, 'lab-workspaces');
  fs.rmSync(settings, { recursive: true, force: true });
  fs.rmSync(workspaces, { recursive: true, force: true });
  fs.mkdirSync(path.join(settings, '@jupyterlab', 'notebook-extension'), { recursive: true });
  fs.mkdirSync(workspaces, { recursive: true });
  fs.writeFileSync(path.join(settings, '@jupyterlab', 'notebook-extension', 'tracker.jupyterlab-settings'),
    JSON.stringify({ windowingMode: 'none' }) + '\n');
  return { JUPYTERLAB_SETTINGS_DIR: settings, JUPYTERLAB_WORKSPACES_DIR: workspaces };
}

export async function startJupyter({ python, notebookDir, scratchDir, env = {}, log = () => {}, timeoutMs = 180000, app }) {
  app = app || whichApp(python);
  if (app === 'lab') env = { ...env, ...labScratch(scratchDir || path.dirname(notebookDir)) };
  const port = await freePort();
  const args = ['-m', 'jupyter', app, `--notebook-dir=${notebookDir}`, '--ip=127.0.0.1', `--port=${port}`, '--no-browser'];
  if (process.getuid && process.getuid() === 0) args.push('--allow-root');
  const child = spawn(python, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,               // its own process group: stop() ends the server and its kernels
  });
  let output = '';
  let exited = null;
  const onData = (chunk) => { output += chunk.toString(); };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', (code, signal) => { exited = { code, signal }; });

  const stop = async () => {
    if (exited) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
    for (let i = 0; i < 100 && !exited; i++) await new Promise(r => setTimeout(r, 100));
    if (!exited) {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }
  };

  const started = Date.now();
  let url = null;
  while (!url) {
    const m = output.match(/http:\/\/127\.0\.0\.1:\d+\/[^\s]*\?token=[0-9a-f]+/);
    if (m) url = m[0];
    else if (exited) throw new Error(`Jupyter (${app}) exited with ${JSON.stringify(exited)} before printing its URL:\n${output.slice(-2000)}`);
    else if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`Jupyter (${app}) printed no URL with a token within ${timeoutMs / 1000} s:\n${output.slice(-2000)}`);
    } else await new Promise(r => setTimeout(r, 200));
  }
  const token = url.match(/token=([0-9a-f]+)/)[1];
  const base = `http://127.0.0.1:${port}`;
  log(`Jupyter ${app} on ${base} (token ${token.length} hex digits, pid ${child.pid})`);

  const api = async (path, method = 'GET') => {
    const res = await fetch(base + path, { method, headers: { Authorization: `token ${token}` } });
    if (!res.ok && res.status !== 204) throw new Error(`${method} ${path}: HTTP ${res.status}`);
    return res.status === 204 ? null : res.json().catch(() => null);
  };
  const shutdownKernels = async () => {
    for (const session of (await api('/api/sessions').catch(() => [])) || []) {
      await api(`/api/sessions/${session.id}`, 'DELETE').catch(() => {});
    }
    for (const kernel of (await api('/api/kernels').catch(() => [])) || []) {
      await api(`/api/kernels/${kernel.id}`, 'DELETE').catch(() => {});
    }
  };
  return { app, ui: app === 'lab' ? 'lab' : 'classic', url, token, base, port, pid: child.pid, api, shutdownKernels, stop, output: () => output };
}
