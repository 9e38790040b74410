#!/usr/bin/env python3
"""Tests of the notebook test runner itself: that it fails a notebook whose stated agreement does not hold
(through the real kernel, on tests/fixtures/broken-check.ipynb), and that its lints catch typed-in expected
values, hints that spell out code, and existing notebooks called planned.

Usage: runner_selftest.py [--no-kernel]   (--no-kernel: the lint tests only)
"""
import contextlib
import io
import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import pom  # noqa: E402
import run_notebooks as runner  # noqa: E402

FIXTURE = pathlib.Path(__file__).resolve().parent / 'fixtures' / 'broken-check.ipynb'


class PomTest(unittest.TestCase):
    """The one reader of pom.xml's versions, which the lint and the kernel checks share."""

    def test_coordinates_are_written_the_way_maven_magic_reads_them(self):
        versions = {'g:a': '1.0', 'g:native:linux-x86_64': '2.7.1'}
        self.assertEqual('g:a:1.0', pom.coordinate('g:a', versions))
        self.assertEqual('g:native:jar:linux-x86_64:2.7.1', pom.coordinate('g:native:linux-x86_64', versions))
        with self.assertRaises(KeyError):
            pom.coordinate('g:missing', versions)

    def test_the_real_pom_pins_the_kernel_checks_core_set(self):
        versions = pom.pom_versions()
        self.assertIn('ai.djl:api', versions)
        self.assertRegex(pom.coordinate('ai.djl.pytorch:pytorch-native-cpu:linux-x86_64', versions),
                         r'^ai\.djl\.pytorch:pytorch-native-cpu:jar:linux-x86_64:\d')


class LintTest(unittest.TestCase):

    def test_typed_expected_values_are_found(self):
        cell = ('Exercise.check("1", "t", "Weight each child by its share of the parent.", () -> {\n'
                '    Exercise.expectClose(gain(a, b), 0.2578, 1e-4, "gain");\n'
                '    Exercise.expectClose(w(x), new double[] {0.25, 1.0}, 1e-9, "w");\n'
                '});')
        problems = runner.check_cell_problems(7, cell)
        self.assertEqual(2, len(problems), problems)
        self.assertIn("'0.2578' is typed in", problems[0])
        self.assertTrue(all(p.startswith('cell 7:') for p in problems))

    def test_computed_and_whole_expected_values_pass(self):
        cell = ('Exercise.check("1", "t", "Weight each child by its share of the parent.", () -> {\n'
                '    Exercise.expectClose(gain(a, b), entropy(p) - 0.5 * entropy(l) - 0.5 * entropy(r), 1e-9, "gain");\n'
                '    Exercise.expectClose(manhattan(a, b), 7.0, 1e-9, "sum of |differences|, 3 + 4");\n'
                '    Exercise.expectEquals(vote(new int[] {2, 2, 1}, 3), 2, "vote");\n'
                '});')
        self.assertEqual([], runner.check_cell_problems(7, cell))

    def test_hints_with_code_are_found(self):
        for hint in ['Use Math.pow(x, p) in the loop.', 'Count with counts[label]++.', 'Sort by i -> d[i].',
                     'Accumulate with sum += w.']:
            cell = f'Exercise.check("1", "t", "{hint}", () -> {{ }});'
            self.assertEqual(1, len(runner.check_cell_problems(3, cell)), hint)
        cell = 'Exercise.check("1", "t", "Use Math.pow; p = 1 is the Manhattan distance (1 + 2).", () -> { });'
        self.assertEqual([], runner.check_cell_problems(3, cell))

    def test_existing_notebook_called_planned_is_found(self):
        self.assertTrue(runner.PLANNED_LINK.search('Next: [Linear algebra](linear-algebra.ipynb) (planned: soon)'))
        self.assertTrue(runner.PLANNED_LINK.search('coming soon: [Linear algebra](linear-algebra.ipynb)'))
        self.assertFalse(runner.PLANNED_LINK.search('Next: [Linear algebra](linear-algebra.ipynb), then ch13 (planned)'))


class ReportTest(unittest.TestCase):
    """The failures are named again after the table, so that the tail of a long log says what failed."""

    def test_failures_are_listed_after_the_table(self):
        results = [('run  a.ipynb', 'FAIL', 3.0, 'RuntimeError: boom'), ('run  b.ipynb', 'ok', 2.0, ''),
                   ('kernel: x', 'info', 0.0, '1.2 s')]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual((1, 1), runner.report(results))
        tail = out.getvalue().rstrip().splitlines()[-3:]
        self.assertEqual(['failed:', '  run  a.ipynb: RuntimeError: boom', 'notebooks: 1 passed, 1 failed'], tail)

    def test_no_failure_list_when_all_pass(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual((1, 0), runner.report([('run  b.ipynb', 'ok', 2.0, '')]))
        self.assertNotIn('failed:', out.getvalue())


class DisplayNameTest(unittest.TestCase):

    def test_names_inside_and_outside_the_repository(self):
        self.assertEqual(runner.display_name(runner.NOTEBOOKS / 'algorithms' / 'x.ipynb'), 'algorithms/x.ipynb')
        self.assertEqual(runner.display_name(runner.ROOT / 'tests' / 'fixtures' / 'y.ipynb'), 'tests/fixtures/y.ipynb')
        self.assertEqual(runner.display_name(pathlib.Path('/tmp/scratch/z.ipynb')), '/tmp/scratch/z.ipynb')


class BrokenAgreementTest(unittest.TestCase):
    """A check that does not hold fails the notebook, naming the cell and the values; the run goes on."""

    def test_broken_tolerance_fails_the_notebook(self):
        seconds, run_error, verdicts, checks = runner.execute(FIXTURE, cell_timeout=300)
        self.assertIsNone(run_error, 'the fixture runs top to bottom: a failed check does not stop it')
        self.assertEqual(2, checks['held'], checks)
        self.assertEqual(1, len(checks['failed']), checks)
        failure = checks['failed'][0]
        self.assertTrue(failure.startswith('cell 3: [DOES NOT HOLD] explained variance, ours vs the library'), failure)
        self.assertIn('|0.731000 - 0.732000| = 1.000e-03 > 1.000e-04', failure)
        name, status, _, detail = runner.check_row('fixtures/broken-check.ipynb', checks)
        self.assertEqual('FAIL', status)
        self.assertIn('1 of 3 do not hold', detail)

    def test_notebook_without_checks_fails_unless_it_says_why(self):
        self.assertEqual('FAIL', runner.check_row('x', {'held': 0, 'failed': [], 'exempt': None})[1])
        self.assertEqual('ok', runner.check_row('x', {'held': 0, 'failed': [], 'exempt': 'a reference table'})[1])
        self.assertEqual('ok', runner.check_row('x', {'held': 4, 'failed': [], 'exempt': None})[1])


if __name__ == '__main__':
    if '--no-kernel' in sys.argv:
        sys.argv.remove('--no-kernel')
        del BrokenAgreementTest
    unittest.main(verbosity=2)
