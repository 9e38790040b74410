#!/usr/bin/env bash
# The test command (README, CI): setup, the Java tests (mvn verify: the unit tier, then the tests that
# read the data cache setup fetched), then every notebook linted and executed through the installed
# Java kernel in quick mode, with its exercises checked both ways.
#   environment/test.sh                         everything
#   environment/test.sh notebooks/foundations   one folder (or one .ipynb); unit tests skipped; the
#                                               browser test works those notebooks
#   environment/test.sh --no-unit               notebooks only
#   environment/test.sh --no-browser            without the browser test (tests/browser: Chromium opens
#                                               the Jupyter server, runs, edits and checks five notebooks,
#                                               or those given)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/environment/common.sh"

unit=true
browser=true
targets=()
for arg in "$@"; do
  case "$arg" in
    --no-unit) unit=false ;;
    --no-browser) browser=false ;;
    *) targets+=("$arg"); unit=false ;;
  esac
done

"$root/environment/setup.sh"
find_java25
ensure_jupyter

export MLJAVA_MODE=quick
status=0
# The closing summary: one line per step with its result and seconds, so that the end of the log (all
# that CI keeps of a long run) says which step failed; the notebook runner adds its failed rows.
results=()
step_started=$SECONDS
begin() { step "$1"; step_title="$1"; step_started=$SECONDS; }
finish() { results+=("$(printf '%-8s %5d s  %s' "$1" $((SECONDS - step_started)) "${step_title%% (*}")"); }
# Per tier (the surefire execution: default-test, or integration-tests for the tests tagged
# "integration" that read the data cache), tests run, failed, skipped and the seconds in test classes.
tier_summary() {
  sed 's/\x1b\[[0-9;]*m//g' "$1" | awk '
    /--- maven-surefire-plugin:.*:test \(/ { tier = ($0 ~ /\(integration-tests\)/) ? "integration" : "unit" }
    /Tests run: .* -- in / {
      line = $0; sub(/.*Tests run: /, "", line); split(line, f, /[,:] */)
      run[tier] += f[1]; failed[tier] += f[3] + f[5]; skipped[tier] += f[7]
      t = $0; sub(/.*Time elapsed: /, "", t); sub(/ s.*/, "", t); seconds[tier] += t
    }
    END {
      printf "  unit tier (mvn test; needs no data cache): %d run, %d failed, %d skipped, %.0f s in test classes\n", run["unit"], failed["unit"], skipped["unit"], seconds["unit"]
      printf "  integration tier (@NeedsDataCache; the data sets setup fetched): %d run, %d failed, %d skipped, %.0f s in test classes\n", run["integration"], failed["integration"], skipped["integration"], seconds["integration"]
    }'
}

if [ "$unit" = true ]; then
  # mvn verify runs both tiers: the unit tests, then (after packaging) those that need the data cache
  begin "Java tests, unit and integration tiers (mvn verify)"
  mkdir -p "$root/build"
  if (cd "$root" && mvn -B verify > "$root/build/unit-tests.log" 2>&1); then
    tier_summary "$root/build/unit-tests.log"
    say "mvn verify took $((SECONDS - step_started)) s"
    finish ok
  else
    grep -E "Tests run:|FAIL|ERROR\]" "$root/build/unit-tests.log" | head -40
    tier_summary "$root/build/unit-tests.log"
    echo "  Java tests FAILED (full log: build/unit-tests.log)"
    status=1
    finish FAILED
  fi
fi

# One checked step: its output goes to build/<log>; on failure the log's tail is shown and the run fails,
# on success the summary filter (a function reading the log on stdin) prints its lines.
checked_step() { # title log summary-filter command...
  local title="$1" log="$root/build/$2" summary="$3"
  shift 3
  begin "$title"
  mkdir -p "$root/build"
  if ! "$@" > "$log" 2>&1; then
    tail -30 "$log"
    echo "  FAILED: $title (full log: build/${log##*/})"
    status=1
    finish FAILED
  else
    "$summary" < "$log" || true
    finish ok
  fi
}
selftest_summary() { grep -E "^Ran |^OK" | sed 's/^/  /'; }
last_line_summary() { tail -n 1 | sed 's/^/  /'; }
benchmark_summary() { grep -E "^== (Python side|done)" | sed 's/^== /  /'; }

if [ "$unit" = true ]; then
  checked_step "Test runner self-test (a check that does not hold fails its notebook)" runner-selftest.log selftest_summary \
    "$MLJAVA_PYTHON" "$root/tests/runner_selftest.py"
  checked_step "Documented commands (every command block in data/README.md, run as written)" doc-commands.log last_line_summary \
    "$MLJAVA_PYTHON" "$root/tests/doc_commands.py"
  # The benchmark against the Python stack is a measurement, not a test; its smoke run (both stacks once,
  # small sizes, the two sides' results compared) is here so that it cannot rot. The Python side needs
  # Debian's python3-sklearn/torch/numpy: MLJAVA_BENCH_INSTALL=yes installs them (CI does), else it says why
  # it ran the Java side alone.
  checked_step "Benchmark smoke run (benchmarks/run.sh --smoke)" benchmark-smoke.log benchmark_summary \
    "$root/benchmarks/run.sh" --smoke
fi

begin "Notebooks (quick mode, through the Java kernel)"
if "$MLJAVA_PYTHON" "$root/tests/run_notebooks.py" "${targets[@]}"; then finish ok; else status=1; finish FAILED; fi

# The browser test's notebooks: its own set of five for the whole run; for a subset, the subset's
# notebooks (those under notebooks/).
browser_notebooks=()
for target in "${targets[@]}"; do
  target="$(realpath -m "$target")"
  case "$target" in "$root/notebooks"|"$root/notebooks/"*) ;; *) continue ;; esac
  while IFS= read -r nb; do browser_notebooks+=("${nb#"$root/notebooks/"}"); done \
    < <(find "$target" -name '*.ipynb' ! -path '*/.ipynb_checkpoints/*' 2>/dev/null | sort)
done
if [ "$browser" = true ] && [ "${#targets[@]}" -gt 0 ] && [ "${#browser_notebooks[@]}" -eq 0 ]; then
  step "Browser test: skipped (no notebook under notebooks/ among the targets)"
elif [ "$browser" = true ]; then
  begin "Browser test (Chromium opens Jupyter, runs, edits and checks notebooks; --no-browser skips it)"
  mkdir -p "$root/build"
  browser_status=0
  if ! ensure_browser_test; then
    echo "  browser test FAILED: its tools could not be installed (see above)"
    browser_status=1
  else
    if ! node --test "$root/tests/browser/checks.test.mjs" > "$root/build/browser-checks.log" 2>&1; then
      grep -E "^not ok|^# (pass|fail)" "$root/build/browser-checks.log" | sed 's/^/  /'
      echo "  browser checks' unit tests FAILED (full log: build/browser-checks.log)"
      browser_status=1
    else
      grep -E "^# (pass|fail|skipped)" "$root/build/browser-checks.log" | tr '\n' ' ' | sed 's/^/  unit tests of the checks: /; s/# //g'
      echo
    fi
    MLJAVA_PYTHON="$MLJAVA_PYTHON" node "$root/tests/browser/run.mjs" --out "$root/build/browser-test" "${browser_notebooks[@]}" || browser_status=1
  fi
  if [ "$browser_status" -eq 0 ]; then finish ok; else status=1; finish FAILED; fi
fi

step "Summary ($((SECONDS / 60)) min $((SECONDS % 60)) s in all)"
for line in "${results[@]}"; do say "$line"; done
if [ -s "$root/build/notebook-failures.txt" ]; then
  say "failed notebook rows (build/notebook-failures.txt):"
  sed 's/^/    /' "$root/build/notebook-failures.txt"
fi
say "$([ "$status" -eq 0 ] && echo "all steps passed" || echo "FAILED")"
exit $status
