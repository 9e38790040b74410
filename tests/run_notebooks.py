#!/usr/bin/env python3
"""Lints and executes the notebooks through the real Java kernel, in quick mode.

For every notebook: a lint (valid nbformat, Java kernelspec, no stored outputs, a title cell, an
Exercises section, %maven versions equal to pom.xml's, every exercise has a reference solution and
a check), a top-to-bottom run (a failing cell fails the test and is named), and for every exercise
a proof that its check rejects the stub (the run as stored) and accepts the reference solution
(run afterwards in the same kernel). Prints a table and ends with "N passed, N failed".

Usage: run_notebooks.py [notebook-or-folder ...] [--jobs 2] [--cell-timeout S] [--total-timeout S] [--lint-only]
"""
import argparse
import concurrent.futures as futures
import json
import os
import pathlib
import re
import sys
import time

import nbformat

from pom import pom_versions

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / 'notebooks'
EXECUTED = ROOT / 'build' / 'executed'
FAILURES = ROOT / 'build' / 'notebook-failures.txt'
PASS, NOT_YET = '[PASS]', '[NOT YET]'
# Lines printed by org.mljava.helpers.Check: a stated agreement that holds, or does not (a failure here).
HOLDS, FAILS = '[HOLDS]', '[DOES NOT HOLD]'
MAVEN_LINE = re.compile(r'^\s*%maven\s+(.*)$')


def coordinate_key(coordinate):
    parts = coordinate.split(':')
    if len(parts) == 3:
        return parts[0] + ':' + parts[1], parts[2]
    if len(parts) == 4:
        return parts[0] + ':' + parts[1], parts[3]
    if len(parts) == 5:
        return parts[0] + ':' + parts[1] + ':' + parts[3], parts[4]
    return None, None


def exercises(nb):
    """[(id, stub cell index, solution source, check cell index)] from cell metadata."""
    stubs, checks = {}, {}
    for index, cell in enumerate(nb.cells):
        meta = cell.get('metadata', {}).get('mljava', {})
        if 'exercise' in meta:
            stubs[meta['exercise']] = (index, meta.get('solution'))
        if 'check' in meta:
            checks[meta['check']] = index
    found = []
    for ex_id, (index, solution) in stubs.items():
        found.append((ex_id, index, solution, checks.get(ex_id)))
    return found, set(checks) - set(stubs)


# Markdown links to files of this project: [text](../ch02-x.ipynb), [text](data/README.md#part)
LOCAL_LINK = re.compile(r'\]\((?!https?:|mailto:|#)([^)\s]+)\)')


def call_arguments(source, name):
    """The argument lists (as source strings) of every call to `name(` in `source`, split at top-level commas."""
    calls = []
    for match in re.finditer(re.escape(name) + r'\(', source):
        depth, args, current, i, quote = 1, [], '', match.end(), None
        while i < len(source) and depth > 0:
            ch = source[i]
            if quote:
                current += ch
                if ch == '\\' and i + 1 < len(source):
                    current += source[i + 1]
                    i += 1
                elif ch == quote:
                    quote = None
            elif ch in '"\'':
                quote = ch
                current += ch
            elif ch in '([{':
                depth += 1
                current += ch
            elif ch in ')]}':
                depth -= 1
                if depth > 0:
                    current += ch
            elif ch == ',' and depth == 1:
                args.append(current.strip())
                current = ''
            else:
                current += ch
            i += 1
        args.append(current.strip())
        calls.append(args)
    return calls


# An expected value typed in as a number with decimals (0.4591, 1.44e-3): it must be computed in the check,
# from its definition or a library, so that a wrong typed value cannot reject a right answer.
TYPED_DECIMAL = re.compile(r'(?<![\w.])-?(\d+\.\d*[1-9]\d*|\d*\.\d*[1-9]\d*|\d+(\.\d+)?[eE]-?\d+)(?![\w.])')
ONLY_LITERALS = re.compile(r'^[\s\d.eE+\-,{}\[\]]*(new\s+(double|int|long|float)\s*\[\s*\]\s*)?[\s\d.eE+\-,{}\[\]]*$')
# Code in a hint: lambdas, blocks, updates, or a call with arguments (`Math.pow(x, p)`).
CODE_IN_HINT = re.compile(r'->|[{}]|\+\+|[+\-*/]=|[A-Za-z_]\w*\((?=[^)]*\w)[^)]*\)')


# A link next to "planned" / "coming soon": "[Linear algebra](linear-algebra.ipynb) (planned" or "planned: [x](y)".
PLANNED_LINK = re.compile(r'\]\(([^)\s]+)\)\s*\(?\s*(?:planned|coming soon)\b|\b(?:planned|coming soon)\b[:\s]*\[[^\]]*\]\(([^)\s]+)\)', re.I)


def existing_notebooks():
    """(title, path) of every notebook that README's chapter index links."""
    readme = (ROOT / 'README.md').read_text(encoding='utf-8')
    return [(title, target) for title, target in re.findall(r'\[([^\]]+)\]\((notebooks/[^)\s]+\.ipynb)\)', readme)
            if (ROOT / target).exists()]


def check_cell_problems(index, source):
    problems = []
    for args in call_arguments(source, 'Exercise.expectClose') + call_arguments(source, 'Exercise.expectEquals'):
        if len(args) >= 2 and ONLY_LITERALS.match(args[1]) and TYPED_DECIMAL.search(args[1]):
            problems.append(f'cell {index}: expected value {args[1]!r} is typed in; compute it in the check '
                            f'(from the definition or a library)')
    for args in call_arguments(source, 'Exercise.check'):
        if len(args) >= 3:
            hint = args[2]
            found = CODE_IN_HINT.search(re.sub(r'^"|"$', '', hint))
            if found:
                problems.append(f'cell {index}: the hint spells out code ({found.group(0)!r}); '
                                f'say what to do in words, the reference solution holds the code')
    return problems


def lint(path, versions):
    problems = []
    try:
        nb = nbformat.read(str(path), as_version=4)
        nbformat.validate(nb)
    except Exception as e:  # noqa: BLE001 - report any parse problem
        return [f'not a valid notebook: {e}']
    spec = nb.metadata.get('kernelspec', {})
    if spec.get('name') != 'java':
        problems.append(f"kernelspec name is {spec.get('name')!r}, not 'java'")
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == 'code' and (cell.get('outputs') or cell.get('execution_count')):
            problems.append(f'cell {index} stores outputs (store notebooks clean)')
    first = nb.cells[0] if nb.cells else None
    if first is None or first.cell_type != 'markdown' or not first.source.lstrip().startswith('# '):
        problems.append('the first cell is not a markdown title (# ...)')
    if not any(c.cell_type == 'markdown' and re.search(r'^##\s+Exercises', c.source, re.M) for c in nb.cells):
        problems.append("no '## Exercises' section")
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != 'code':
            continue
        for line in cell.source.splitlines():
            m = MAVEN_LINE.match(line)
            if not m:
                continue
            for coordinate in m.group(1).split():
                key, version = coordinate_key(coordinate)
                if key is None:
                    problems.append(f'cell {index}: {coordinate!r} is not a Maven coordinate')
                elif key not in versions:
                    problems.append(f'cell {index}: {key} is not pinned in pom.xml <dependencyManagement>')
                elif versions[key] != version:
                    problems.append(f'cell {index}: {key}:{version} but pom.xml pins {versions[key]}')
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != 'markdown':
            continue
        for target in LOCAL_LINK.findall(cell.source):
            if not (path.parent / target.split('#')[0]).exists():
                problems.append(f'cell {index}: link to {target} leads nowhere (no such file)')
        for line in cell.source.splitlines():
            if re.search(r'\b(planned|coming soon|not written yet)\b', line, re.I):
                prose = re.sub(r'\]\([^)]*\)', ']', line)  # link targets are checked by PLANNED_LINK below
                for title, target in existing_notebooks():
                    if title.lower() in prose.lower() or pathlib.Path(target).name in prose:
                        problems.append(f'cell {index}: says "{title}" is planned or not written, but {target} exists')
        for target in PLANNED_LINK.findall(cell.source):
            target = target[0] or target[1]
            if target.endswith('.ipynb') and (path.parent / target).exists():
                problems.append(f'cell {index}: calls {target} planned, but it exists')
    readme = (ROOT / 'README.md').read_text(encoding='utf-8')
    if str(path.relative_to(ROOT)) not in readme:
        problems.append('README.md does not link it in the chapter index')
    if path == NOTEBOOKS / '00-roadmap.ipynb':
        linked = {(path.parent / t.split('#')[0]).resolve() for c in nb.cells if c.cell_type == 'markdown'
                  for t in LOCAL_LINK.findall(c.source)}
        for title, target in existing_notebooks():
            if (ROOT / target).resolve() not in linked and (ROOT / target).resolve() != path.resolve():
                problems.append(f'the roadmap does not link {target} ("{title}"), which README\'s index lists')
    found, orphans = exercises(nb)
    if not found:
        problems.append('no exercise cells (metadata mljava.exercise)')
    for ex_id, index, solution, check in found:
        if not solution:
            problems.append(f'exercise {ex_id}: no reference solution (metadata mljava.solution)')
        if check is None:
            problems.append(f'exercise {ex_id}: no check cell (metadata mljava.check)')
        elif 'Exercise.check(' not in nb.cells[check].source:
            problems.append(f'exercise {ex_id}: its check cell does not call Exercise.check(')
        else:
            problems += check_cell_problems(check, nb.cells[check].source)
    for orphan in orphans:
        problems.append(f'check {orphan} has no exercise cell')
    return problems


def text_of(outputs):
    parts = []
    for out in outputs:
        if out.get('output_type') == 'stream':
            parts.append(out.get('text', ''))
        elif out.get('output_type') in ('execute_result', 'display_data'):
            parts.append(out.get('data', {}).get('text/plain', ''))
        elif out.get('output_type') == 'error':
            parts.append(out.get('ename', '') + ': ' + out.get('evalue', ''))
    return ''.join(parts)


def execute(path, cell_timeout):
    """Runs one notebook in its own kernel; returns (seconds, run error or None, {exercise: verdict})."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    nb = nbformat.read(str(path), as_version=4)
    found, _ = exercises(nb)
    client = NotebookClient(nb, timeout=cell_timeout, kernel_name='java', allow_errors=False,
                            resources={'metadata': {'path': str(path.parent)}})
    started = time.time()
    run_error = None
    verdicts = {}
    checks = {'held': 0, 'failed': [], 'exempt': nb.metadata.get('mljava', {}).get('no_checks')}
    try:
        with client.setup_kernel():
            for index, cell in enumerate(nb.cells):
                try:
                    client.execute_cell(cell, index)
                except (CellExecutionError, CellTimeoutError) as e:
                    run_error = f'cell {index}: ' + describe_error(cell, e)
                    break
                finally:
                    count_checks(index, cell, checks)
            if run_error is None:
                for ex_id, stub_index, solution, check_index in found:
                    if check_index is None or not solution:
                        continue
                    stub_text = text_of(nb.cells[check_index].outputs)
                    rejected = NOT_YET in stub_text and PASS not in stub_text
                    solution_cell = nbformat.v4.new_code_cell(solution)
                    check_cell = nbformat.v4.new_code_cell(nb.cells[check_index].source)
                    nb.cells += [solution_cell, check_cell]
                    try:
                        client.execute_cell(solution_cell, len(nb.cells) - 2)
                        client.execute_cell(check_cell, len(nb.cells) - 1)
                        solved_text = text_of(check_cell.outputs)
                    except (CellExecutionError, CellTimeoutError) as e:
                        solved_text = 'solution failed: ' + describe_error(solution_cell, e)
                    accepted = PASS in solved_text and NOT_YET not in solved_text
                    verdicts[ex_id] = (rejected, accepted, first_line(stub_text), first_line(solved_text))
    except Exception as e:  # kernel died, could not start, ...
        run_error = run_error or f'{type(e).__name__}: {first_line(str(e))}'
    seconds = time.time() - started
    out = EXECUTED / (path.relative_to(NOTEBOOKS) if path.is_relative_to(NOTEBOOKS) else path.name)
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(out))
    return seconds, run_error, verdicts, checks


def count_checks(index, cell, checks):
    """Adds the cell's Check lines to the tally: held ones counted, failed ones kept with the cell index."""
    if cell.cell_type != 'code':
        return
    for line in text_of(cell.get('outputs', [])).splitlines():
        line = line.strip()
        if line.startswith(HOLDS):
            checks['held'] += 1
        elif line.startswith(FAILS):
            checks['failed'].append(f'cell {index}: {first_line(line, 300)}')


def check_row(name, checks):
    """The table row of a notebook's stated agreements: how many held, and every one that did not."""
    held, failed = checks['held'], checks['failed']
    if failed:
        return (f'checks {name}', 'FAIL', 0.0, f'{len(failed)} of {held + len(failed)} do not hold: ' + ' | '.join(failed))
    if held == 0 and not checks.get('exempt'):
        return (f'checks {name}', 'FAIL', 0.0, 'no Check line ran: assert what the text states with org.mljava.helpers.Check, '
                                              'or say why there is nothing to assert in the notebook metadata mljava.no_checks')
    return (f'checks {name}', 'ok', 0.0, f'{held} held' if held else 'none: ' + checks['exempt'])


def describe_error(cell, error):
    for out in cell.get('outputs', []):
        if out.get('output_type') == 'error':
            tb = '\n'.join(out.get('traceback', []))
            tb = re.sub(r'\x1b\[[0-9;]*m', '', tb)
            return f"{out.get('ename')}: {out.get('evalue')} {first_line(tb, 400)}".strip()
    return first_line(str(error), 400)


def first_line(text, limit=200):
    text = text.strip().replace('\n', ' | ')
    return text[:limit] + ('...' if len(text) > limit else '')


def display_name(path):
    """A notebook's name in the table: relative to notebooks/, to the repository for others (test fixtures),
    or as given outside it (a scratch copy in /tmp)."""
    for base in (NOTEBOOKS, ROOT):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return str(path)


def discover(targets):
    paths = []
    for target in targets or [str(NOTEBOOKS)]:
        p = pathlib.Path(target).resolve()
        if p.is_dir():
            paths += sorted(x for x in p.rglob('*.ipynb') if '.ipynb_checkpoints' not in x.parts)
        elif p.suffix == '.ipynb' and p.exists():
            paths.append(p)
        else:
            sys.exit(f'no notebook at {target}')
    return paths


def report(results):
    """Prints the table of (name, status, seconds, detail) rows in the order they finished, then the failures
    again, so that the end of a long log (all that CI keeps) names what failed. Returns (passed, failed)."""
    width = max(len(r[0]) for r in results) if results else 10
    print()
    print(f"{'test'.ljust(width)}  {'status':6}  {'seconds':>7}  detail")
    for name, status, seconds, detail in results:
        print(f"{name.ljust(width)}  {status:6}  {seconds:7.1f}  {detail}")
    passed = sum(1 for r in results if r[1] == 'ok')
    failed = sum(1 for r in results if r[1] == 'FAIL')
    print()
    if failed:
        print('failed:')
        for line in failure_lines(results):
            print('  ' + line)
    print(f'notebooks: {passed} passed, {failed} failed')
    return passed, failed


def failure_lines(results):
    """One line per failed row: its name and the start of its detail."""
    return [f'{name}: {first_line(detail, 600)}' for name, status, _, detail in results if status == 'FAIL']


QUICK_BUDGET_S = 60


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('targets', nargs='*')
    parser.add_argument('--jobs', type=int, default=2)
    parser.add_argument('--cell-timeout', type=int, default=600)
    parser.add_argument('--total-timeout', type=int, default=3600)
    parser.add_argument('--lint-only', action='store_true')
    parser.add_argument('--kernel-checks', choices=['auto', 'yes', 'no'], default='auto',
                        help='check the kernel itself first (auto: when running the whole collection)')
    parser.add_argument('--starts', type=int, default=5, help='kernel starts to time in the kernel checks')
    parser.add_argument('--strict-timing', action='store_true', help='make the time budgets (kernel start, %%maven, 60 s per notebook) pass/fail (default: reported)')
    args = parser.parse_args()
    os.environ.setdefault('MLJAVA_MODE', 'quick')

    paths = discover(args.targets)
    versions = pom_versions()
    results = []  # (name, status, seconds, detail)

    if args.kernel_checks == 'yes' or (args.kernel_checks == 'auto' and not args.targets and not args.lint_only):
        import kernel_checks
        print('  checking the kernel itself ...', flush=True)
        kernel_checks.STRICT_TIMING = args.strict_timing
        for name, ok, detail in kernel_checks.run_all(args.starts):
            results.append((name, 'info' if ok is None else 'ok' if ok else 'FAIL', 0.0, detail))

    runnable = []
    for path in paths:
        name = display_name(path)
        problems = lint(path, versions)
        results.append(('lint ' + name, 'FAIL' if problems else 'ok', 0.0, '; '.join(problems)))
        runnable.append(path)

    if not args.lint_only and runnable:
        deadline = time.time() + args.total_timeout
        with futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
            jobs = {pool.submit(execute, p, args.cell_timeout): p for p in runnable}
            pending = set(jobs)
            while pending:
                done, pending = futures.wait(pending, timeout=max(1, deadline - time.time()),
                                             return_when=futures.FIRST_COMPLETED)
                for job in done:
                    path = jobs[job]
                    name = display_name(path)
                    try:
                        seconds, run_error, verdicts, checks = job.result()
                    except Exception as e:  # noqa: BLE001
                        seconds, run_error, verdicts, checks = 0.0, f'{type(e).__name__}: {e}', {}, {'held': 0, 'failed': []}
                    results.append(('run  ' + name, 'FAIL' if run_error else 'ok', seconds, run_error or ''))
                    results.append(check_row(name, checks))
                    print(f"  {'ok  ' if not run_error else 'FAIL'} {name} ({seconds:.1f} s)", flush=True)
                    for ex_id, (rejected, accepted, stub_text, solved_text) in sorted(verdicts.items()):
                        ok = rejected and accepted
                        detail = '' if ok else ('stub not rejected: ' + stub_text if not rejected else '') + \
                                               ('' if accepted else ' solution not accepted: ' + solved_text)
                        results.append((f'exercise {name} #{ex_id}', 'ok' if ok else 'FAIL', 0.0, detail.strip()))
                if time.time() > deadline and pending:
                    for job in pending:
                        name = display_name(jobs[job])
                        results.append(('run  ' + name, 'FAIL', 0.0, f'not finished within --total-timeout {args.total_timeout} s'))
                        job.cancel()
                    pool.shutdown(wait=False, cancel_futures=True)
                    break

    runs = [(r[0][5:], r[2]) for r in results if r[0].startswith('run  ') and r[1] == 'ok']
    if runs and os.environ.get('MLJAVA_MODE') == 'quick':
        # The collection promises each notebook in <= 60 s in quick mode. Like the kernel's time budgets this
        # is reported, not pass/fail, unless --strict-timing: a loaded machine can double every time.
        slow = [f'{name} {seconds:.0f} s' for name, seconds in runs if seconds > QUICK_BUDGET_S]
        status = 'ok' if not slow else 'FAIL' if args.strict_timing else 'info'
        detail = f'slowest {max(seconds for _, seconds in runs):.1f} s' if not slow else 'over: ' + ', '.join(slow)
        results.append((f'budget: each notebook <= {QUICK_BUDGET_S} s in quick mode', status, 0.0, detail))

    passed, failed = report(results)
    # for environment/test.sh's closing summary
    FAILURES.parent.mkdir(parents=True, exist_ok=True)
    FAILURES.write_text(''.join(line + '\n' for line in failure_lines(results)), encoding='utf-8')
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == '__main__':
    sys.exit(main())
