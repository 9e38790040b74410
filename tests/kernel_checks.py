"""Checks of the Java kernel itself, through Jupyter's own client: start-up time, %maven (warm
timing, a wrong coordinate fails its cell and names it), errors fail cells, interrupt keeps state,
IJava's display functions and magics still work, and the settings of issue 12 (MLJAVA_OFFLINE,
XDG_CACHE_HOME, a proxy without a port, settings.xml's <localRepository>) reach both %maven and the
data loaders of a kernel started with them, and the launcher applies setup's oneDNN record on the
machine it names only.

Used by run_notebooks.py; on its own: python3 tests/kernel_checks.py [--starts 100] [--only settings]
"""
import argparse
import os
import pathlib
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel

from pom import coordinate

# The core set of %maven coordinates, with the versions pom.xml pins (the one place for versions).
CORE_SET = [coordinate(key) for key in ('org.mljava:mljava-helpers', 'ai.djl:api', 'ai.djl.pytorch:pytorch-engine',
                                        'ai.djl.pytorch:pytorch-jni', 'ai.djl.pytorch:pytorch-native-cpu:linux-x86_64',
                                        'com.github.haifengl:smile-core')]


class Kernel:
    def __init__(self, env=None):
        """env: the kernel's whole environment (default: this process's)."""
        self.started = time.time()
        self.km, self.kc = start_new_kernel(kernel_name='java', startup_timeout=60, **({'env': env} if env is not None else {}))

    def run(self, code, timeout=120, interrupt_after=None):
        msg_id = self.kc.execute(code)
        sent = time.time()
        texts, errors, data = [], [], []
        interrupted = False
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=1)
            except Exception:  # queue.Empty
                if interrupt_after is not None and not interrupted and time.time() - sent > interrupt_after:
                    self.km.interrupt_kernel()
                    interrupted = True
                if time.time() - sent > timeout:
                    raise TimeoutError(f'no answer to {code[:40]!r} within {timeout} s')
                continue
            if msg['parent_header'].get('msg_id') != msg_id:
                continue
            kind, content = msg['msg_type'], msg['content']
            if kind == 'stream':
                texts.append(content['text'])
            elif kind in ('execute_result', 'display_data', 'update_display_data'):
                data.append(content['data'])
                texts.append(content['data'].get('text/plain', ''))
            elif kind == 'error':
                errors.append(content['ename'] + ': ' + content['evalue'] + ' ' + ' '.join(content.get('traceback', [])))
            elif kind == 'status' and content['execution_state'] == 'idle':
                break
        while True:
            reply = self.kc.get_shell_msg(timeout=30)
            if reply['parent_header'].get('msg_id') == msg_id:
                break
        return {'status': reply['content']['status'], 'text': ''.join(texts), 'errors': errors, 'data': data,
                'seconds': time.time() - sent}

    def cpu_seconds_over(self, seconds):
        """CPU seconds the kernel process used in the next `seconds` of wall time (None without /proc)."""
        pid = getattr(getattr(self.km, 'provisioner', None), 'pid', None) or getattr(getattr(self.km, 'kernel', None), 'pid', None)
        stat = pathlib.Path(f'/proc/{pid}/stat')
        if pid is None or not stat.exists():
            return None

        def used():
            fields = stat.read_text().rsplit(')', 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')  # utime + stime
        before = used()
        time.sleep(seconds)
        return used() - before

    def close(self):
        self.km.shutdown_kernel(now=True)
        self.kc.stop_channels()


STRICT_TIMING = False


def check(results, name, condition, detail=''):
    results.append((name, bool(condition), detail))


def timing(results, name, condition, detail):
    """A time budget: reported as a measurement (None) unless --strict-timing makes it pass/fail.
    Timings on a shared 2-core machine swing several-fold with load; they must not make CI flaky."""
    results.append((name, bool(condition) if STRICT_TIMING else None, detail))


def startup(results, starts):
    seconds = []
    answered = 0
    for _ in range(starts):
        t0 = time.time()
        try:
            k = Kernel()
            r = k.run('1 + 1', timeout=30)
            if r['status'] == 'ok' and '2' in r['text']:
                answered += 1
                seconds.append(time.time() - t0)
            k.close()
        except Exception as e:  # noqa: BLE001
            print(f'  kernel start failed: {e}', file=sys.stderr)
    median = statistics.median(seconds) if seconds else float('nan')
    worst = max(seconds) if seconds else float('nan')
    check(results, f'kernel: {answered} of {starts} starts answer', answered == starts)
    timing(results, 'kernel: start to first result <= 3 s (median)', median <= 3.0, f'median {median:.2f} s, worst {worst:.2f} s')


def behaviour(results):
    k = Kernel()
    try:
        r = k.run('%maven ' + ' '.join(CORE_SET), timeout=300)
        check(results, 'kernel: %maven loads the core set', r['status'] == 'ok', ' '.join(r['errors'])[:300] + f" {r['seconds']:.2f} s")
        r = k.run('import ai.djl.ndarray.*; try (var m = NDManager.newBaseManager()) { System.out.println(m.create(new float[]{1, 2, 3}).sum().getFloat()); }')
        check(results, 'kernel: DJL on PyTorch runs after %maven', r['status'] == 'ok' and '6.0' in r['text'], (r['text'] + ' '.join(r['errors']))[:300])
        r = k.run('%maven no.such.group:no-such-artifact:1.0')
        named = any('no.such.group:no-such-artifact' in e for e in r['errors'])
        check(results, 'kernel: a wrong coordinate fails its cell and names it', r['status'] == 'error' and named, ' '.join(r['errors'])[:200])
        r = k.run('int kept = 42;')
        r = k.run('int broken = ;')
        check(results, 'kernel: a syntax error fails its cell', r['status'] == 'error')
        r = k.run('throw new IllegalStateException("boom");')
        check(results, 'kernel: an exception fails its cell', r['status'] == 'error' and any('boom' in e for e in r['errors']))
        r = k.run('long spins = 0; while (true) { spins++; }', timeout=60, interrupt_after=2)
        interrupted = r['status'] == 'error' and r['seconds'] < 30
        r2 = k.run('kept')
        check(results, 'kernel: a busy loop is interrupted and variables survive', interrupted and '42' in r2['text'],
              f"loop ended after {r['seconds']:.1f} s with {r['status']}; kept -> {r2['text'].strip()!r}")
        # IJava reports the cell interrupted at once; the loop itself must stop too (no Thread.stop in Java 25:
        # the kernel puts an interrupt check into every loop of a cell), not run on in the background
        busy = k.cpu_seconds_over(3.0)
        check(results, 'kernel: the interrupted loop stops running (kernel CPU seconds in the 3 s after it, at most 0.5)',
              busy is not None and busy <= 0.5, 'no /proc here' if busy is None else f'{busy:.2f} CPU seconds')
        # a loop of libtorch operations (a training loop's shape): it stops between two native calls, and
        # PyTorch still works afterwards in the same kernel
        k.run('NDManager loopManager = NDManager.newBaseManager(); NDArray square = loopManager.randomUniform(0f, 1f, new ai.djl.ndarray.types.Shape(400, 400));')
        r = k.run('long rounds = 0; while (true) { try (NDManager step = loopManager.newSubManager()) { '
                  'square.matMul(square).sum().getFloat(); rounds++; } }', timeout=60, interrupt_after=2)
        busy = k.cpu_seconds_over(2.0)
        r2 = k.run('System.out.println(rounds > 0 && square.matMul(square).sum().getFloat() > 0)')
        check(results, 'kernel: an interrupted loop of PyTorch operations stops, and PyTorch still works',
              r['status'] == 'error' and busy is not None and busy <= 0.5 and r2['status'] == 'ok' and 'true' in r2['text'],
              f"loop ended with {r['status']} after {r['seconds']:.1f} s; CPU seconds in the 2 s after: {busy if busy is None else round(busy, 2)}; then {error_text(r2)[:120]!r}")
        r = k.run('String id = display("first"); updateDisplay(id, "second"); render(7)')
        check(results, "kernel: IJava's display/updateDisplay/render work", r['status'] == 'ok' and 'second' in r['text'], r['text'][:200])
        r = k.run('%maven ' + ' '.join(CORE_SET))
        check(results, 'kernel: repeated %maven of the core set works', r['status'] == 'ok', ' '.join(r['errors'])[:200])
        timing(results, 'kernel: repeated %maven of the core set <= 1.5 s', r['seconds'] <= 1.5, f"{r['seconds']:.2f} s")
        r = k.run('import org.mljava.helpers.*; Charts.line("t", "x", "y", "s", new double[]{1, 2, 3})')
        check(results, 'kernel: an XChart chart renders as image/png', any('image/png' in d for d in r['data']), ' '.join(r['errors'])[:200])
        r = k.run('tech.tablesaw.api.Table.create("demo", tech.tablesaw.api.DoubleColumn.create("x", 1, 2))')
        check(results, 'kernel: a Tablesaw table renders as text/html with its shape',
              any('demo: 2 rows x 1 columns' in d.get('text/html', '') for d in r['data']), ' '.join(r['errors'])[:200])
        r = k.run('%classpath')
        check(results, "kernel: IJava's %classpath magic still works", r['status'] == 'ok', ' '.join(r['errors'])[:200])
    finally:
        k.close()
    # warm %maven in a fresh kernel, as a learner's first cell (artifacts and resolution cached)
    k = Kernel()
    try:
        r = k.run('%maven ' + ' '.join(CORE_SET), timeout=300)
        check(results, 'kernel: warm %maven of the core set in a fresh kernel works', r['status'] == 'ok', ' '.join(r['errors'])[:200])
        timing(results, 'kernel: warm %maven of the core set in a fresh kernel <= 1.5 s', r['seconds'] <= 1.5, f"{r['seconds']:.2f} s")
    finally:
        k.close()


# --- the settings of issue 12, through real kernels ---------------------------------------------

# Variables that would decide the settings under test; each settings kernel gets only the one it checks.
SETTING_VARIABLES = ('MLJAVA_CACHE', 'MLJAVA_OFFLINE', 'MLJAVA_MAVEN_SETTINGS', 'XDG_CACHE_HOME',
                     'HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY', 'ONEDNN_MAX_CPU_ISA')
# A coordinate that is in no repository: %maven must go online for it, which an offline kernel refuses
# (naming the setting and "offline mode") and a kernel behind a closed proxy fails at the proxy.
NOWHERE = 'org.mljava.kernelchecks:in-no-repository:1.0'


def settings_env(scratch, **changes):
    """This process's environment without the settings under test, a cache root of its own in scratch
    (XDG_CACHE_HOME, so that nothing is written to the real cache), then the changes."""
    env = {k: v for k, v in os.environ.items() if k.upper() not in SETTING_VARIABLES}
    env['XDG_CACHE_HOME'] = str(scratch / 'xdg')
    env.update(changes)
    return env


def error_text(r):
    return (r['text'] + ' '.join(r['errors'])).replace('\n', ' ')


def port_80_closed():
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(('127.0.0.1', 80)) != 0


def machine_fingerprint():
    """This machine's fingerprint as the installed kernel's launch.sh computes it (the key of setup's oneDNN record)."""
    launcher = pathlib.Path(KernelSpecManager().get_kernel_spec('java').resource_dir) / 'launch.sh'
    return subprocess.run(['bash', str(launcher), '--machine-fingerprint'], capture_output=True, text=True, check=True).stdout.strip()


def onednn_record(results):
    """The launcher applies setup's oneDNN record on the machine it names only, and a value the user set wins."""
    root = pathlib.Path(tempfile.mkdtemp(prefix='mljava-onednn-'))
    here = machine_fingerprint()
    cases = [('the record for this machine sets ONEDNN_MAX_CPU_ISA in the kernel', here, {}, 'SSE41'),
             ('a record for another machine is ignored', '0' * 16, {}, 'null'),
             ('ONEDNN_MAX_CPU_ISA set by the user wins over the record', here, {'ONEDNN_MAX_CPU_ISA': 'AVX2'}, 'AVX2')]
    try:
        for i, (name, machine, changes, expected) in enumerate(cases):
            scratch = root / str(i)
            record = scratch / 'xdg' / 'mljava' / 'onednn.env'
            record.parent.mkdir(parents=True)
            record.write_text(f'# a test record\nMACHINE={machine}\nONEDNN_MAX_CPU_ISA=SSE41\n', encoding='utf-8')
            k = Kernel(settings_env(scratch, **changes))
            try:
                r = k.run('System.out.println(System.getenv("ONEDNN_MAX_CPU_ISA"))')
                check(results, 'settings: ' + name, r['status'] == 'ok' and r['text'].strip() == expected,
                      f"expected {expected}, got {error_text(r)[:200]}")
            finally:
                k.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def settings(results):
    onednn_record(results)
    helpers = coordinate('org.mljava:mljava-helpers')
    netconfig = coordinate('org.mljava:mljava-netconfig')
    root = pathlib.Path(tempfile.mkdtemp(prefix='mljava-settings-'))
    repo = None
    try:
        # MLJAVA_OFFLINE=1: %maven and the data loaders both refuse to download, naming the setting
        scratch = root / 'offline'
        k = Kernel(settings_env(scratch, MLJAVA_OFFLINE='1'))
        try:
            r = k.run('%maven ' + helpers, timeout=300)
            check(results, 'settings: MLJAVA_OFFLINE=1 kernel loads the helper library from the local repository', r['status'] == 'ok',
                  error_text(r)[:300])
            r = k.run('System.out.println(org.mljava.net.Settings.current().localRepository())')
            repo = r['text'].strip() if r['status'] == 'ok' else None
            r = k.run('%maven ' + NOWHERE)
            text = error_text(r)
            check(results, 'settings: MLJAVA_OFFLINE=1 refuses a %maven download, naming the setting',
                  r['status'] == 'error' and 'MLJAVA_OFFLINE' in text and 'offline mode' in text, text[:300])
            r = k.run('org.mljava.data.Datasets.iris()')
            text = error_text(r)
            check(results, 'settings: MLJAVA_OFFLINE=1 refuses a data download, naming the setting',
                  r['status'] == 'error' and 'downloads are off (MLJAVA_OFFLINE)' in text, text[:300])
        finally:
            k.close()

        # XDG_CACHE_HOME: the resolution cache of %maven and the data cache are both under it
        scratch = root / 'xdg'
        k = Kernel(settings_env(scratch))
        cache = scratch / 'xdg' / 'mljava'
        try:
            r = k.run('%maven ' + helpers, timeout=300)
            entries = list((cache / 'maven-resolution').glob('*.classpath'))
            check(results, 'settings: XDG_CACHE_HOME holds the resolution cache of %maven', r['status'] == 'ok' and entries,
                  f'{len(entries)} entries in {cache / "maven-resolution"} ' + error_text(r)[:200])
            # MiniLM's tokenizer comes out of its jar in the local repository into the data cache: no network
            r = k.run('System.out.println(org.mljava.data.cache.DataStore.defaultRoot()); System.out.println(org.mljava.models.Models.miniLmTokenizerJson())')
            lines = r['text'].split()
            tokenizer = cache / 'models' / 'all-minilm-l6-v2-q' / 'tokenizer.json'
            check(results, 'settings: XDG_CACHE_HOME holds the data cache',
                  r['status'] == 'ok' and lines == [str(cache), str(tokenizer)] and tokenizer.is_file(), error_text(r)[:300])
        finally:
            k.close()

        # A proxy without a port: port 80 for http:// (as apt and setup's Maven settings take it), in the
        # JVM's proxy properties, in %maven and in the data loaders; nothing listens there, so both name it
        if not port_80_closed():
            check(results, 'settings: a proxy without a port', None, 'not checked: something listens on 127.0.0.1:80')
        else:
            proxies = {'HTTPS_PROXY': 'http://127.0.0.1', 'HTTP_PROXY': 'http://127.0.0.1'}
            k = Kernel(settings_env(root / 'proxy', **proxies))
            try:
                r = k.run('System.out.println(System.getProperty("https.proxyHost") + ":" + System.getProperty("https.proxyPort"))')
                check(results, 'settings: a proxy without a port is 127.0.0.1:80 for the kernel JVM', r['text'].strip() == '127.0.0.1:80',
                      error_text(r)[:200])
                r = k.run('%maven ' + helpers, timeout=300)
                r = k.run('org.mljava.data.Datasets.iris()', timeout=120)
                text = error_text(r)
                check(results, 'settings: a data download goes through a proxy without a port on port 80, and names it',
                      r['status'] == 'error' and 'the proxy 127.0.0.1:80 (from HTTPS_PROXY)' in text, text[:300])
            finally:
                k.close()
            # %maven in a kernel with a scratch local repository, so that the failed download leaves no trace in the real one
            scratch = root / 'proxy-maven'
            scratch.mkdir(parents=True)
            settings_xml = scratch / 'settings.xml'
            settings_xml.write_text(f'<settings><localRepository>{scratch / "repo"}</localRepository></settings>', encoding='utf-8')
            k = Kernel(settings_env(scratch, MLJAVA_MAVEN_SETTINGS=str(settings_xml), **proxies))
            try:
                r = k.run('%maven ' + NOWHERE, timeout=120)
                text = error_text(r)
                check(results, 'settings: %maven goes through a proxy without a port on port 80, and names it',
                      r['status'] == 'error' and 'through the proxy 127.0.0.1:80 (from HTTPS_PROXY)' in text, text[:300])
            finally:
                k.close()

        # settings.xml <localRepository>: %maven resolves from it (offline, so nothing can come from elsewhere),
        # and the settings that the data loaders read name it
        scratch = root / 'repository'
        local = scratch / 'repo'
        if repo:
            version = netconfig.split(':')[2]
            for module in ('mljava-parent', 'mljava-netconfig'):
                source = pathlib.Path(repo, 'org', 'mljava', module, version)
                if source.is_dir():
                    shutil.copytree(source, local / 'org' / 'mljava' / module / version)
        settings_xml = scratch / 'settings.xml'
        settings_xml.parent.mkdir(parents=True, exist_ok=True)
        settings_xml.write_text(f'<settings><localRepository>{local}</localRepository></settings>', encoding='utf-8')
        k = Kernel(settings_env(scratch, MLJAVA_MAVEN_SETTINGS=str(settings_xml), MLJAVA_OFFLINE='1'))
        try:
            r = k.run('%maven ' + netconfig, timeout=300)
            r2 = k.run('System.out.println(org.mljava.net.Settings.class.getProtectionDomain().getCodeSource().getLocation().getPath());'
                       ' System.out.println(org.mljava.net.Settings.current().localRepository())')
            lines = r2['text'].split()
            check(results, "settings: settings.xml's <localRepository> is where %maven resolves from",
                  r['status'] == 'ok' and len(lines) == 2 and lines[0].startswith(str(local) + '/'), error_text(r)[:200] + ' ' + error_text(r2)[:200])
            check(results, "settings: settings.xml's <localRepository> is the data loaders' Maven repository",
                  len(lines) == 2 and lines[1] == str(local), error_text(r2)[:200])
        finally:
            k.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run_all(starts=5, only=None):
    results = []
    if only in (None, 'startup'):
        startup(results, starts)
    if only in (None, 'behaviour'):
        behaviour(results)
    if only in (None, 'settings'):
        settings(results)
    return results


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--starts', type=int, default=5)
    parser.add_argument('--strict-timing', action='store_true', help='fail when a time budget is exceeded')
    parser.add_argument('--only', choices=['startup', 'behaviour', 'settings'], help='one group of checks')
    args = parser.parse_args()
    STRICT_TIMING = args.strict_timing
    outcome = run_all(args.starts, args.only)
    for name, ok, detail in outcome:
        print(f"{'info' if ok is None else 'ok  ' if ok else 'FAIL'} {name}  {detail}")
    failed = sum(1 for _, ok, _ in outcome if ok is False)
    passed = sum(1 for _, ok, _ in outcome if ok)
    print(f'kernel: {passed} passed, {failed} failed')
    sys.exit(1 if failed else 0)
