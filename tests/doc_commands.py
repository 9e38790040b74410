#!/usr/bin/env python3
"""Runs every command that data/README.md shows, so that the documentation cannot drift from the code.

The commands are the indented code blocks (four spaces). Each block runs as one bash script, as a
reader would paste it (set -e: every line must succeed; a variable set on one line is there on the
next), in order, from the repository root, with a scratch MLJAVA_CACHE (a fetch fills a throw-away
cache, and a later --check sees what an earlier block left) and, when JAVA_HOME is set, its java
first on PATH. A block passes when it exits 0 within the time limit. The commands run the built
jars: run this after environment/setup.sh or mvn package.

Usage: doc_commands.py [markdown-file ...]   (default: data/README.md)
"""
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
TIMEOUT_S = 300


def blocks(markdown):
    """The indented code blocks' text (indentation removed), in order."""
    found = []
    current = None
    previous_blank = True
    for line in markdown.splitlines():
        if line.startswith('    ') and (current is not None or previous_blank):
            if current is None:
                current = []
                found.append(current)
            current.append(line[4:])
        elif line.strip():
            current = None
        previous_blank = not line.strip()
    return ['\n'.join(b).strip() + '\n' for b in found]


def run(command, env):
    started = time.monotonic()
    try:
        done = subprocess.run(['bash', '-e', '-o', 'pipefail', '-c', command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
        status, output = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as e:
        status, output = f'timeout after {TIMEOUT_S} s', str(e.stdout or '') + str(e.stderr or '')
    return status, output, time.monotonic() - started


def main(argv):
    files = [pathlib.Path(a) for a in argv] or [ROOT / 'data' / 'README.md']
    failed = passed = 0
    with tempfile.TemporaryDirectory(prefix='mljava-doc-commands-') as cache:
        env = dict(os.environ, MLJAVA_CACHE=cache)
        if os.environ.get('JAVA_HOME'):
            env['PATH'] = os.path.join(os.environ['JAVA_HOME'], 'bin') + os.pathsep + env.get('PATH', '')
        for path in files:
            found = blocks(path.read_text(encoding='utf-8'))
            if not found:
                print(f'FAIL {path}: no command found (indented code blocks)')
                failed += 1
            for block in found:
                status, output, seconds = run(block, env)
                shown = block.strip().replace('\n', '\n     ')
                if status == 0:
                    passed += 1
                    print(f'ok   {shown} ({seconds:.1f} s)')
                else:
                    failed += 1
                    print(f'FAIL {shown}\n     exit {status} ({seconds:.1f} s)')
                    print('\n'.join('     ' + line for line in output.strip().splitlines()[-15:]))
    print(f'documented command blocks: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
