#!/usr/bin/env bash
# The test command (README, CI): setup, the Java unit tests, then every notebook linted and
# executed through the installed Java kernel in quick mode, with its exercises checked both ways.
#   environment/test.sh                         everything
#   environment/test.sh notebooks/foundations   one folder (or one .ipynb); unit tests skipped
#   environment/test.sh --no-unit               notebooks only
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/environment/common.sh"

unit=true
targets=()
for arg in "$@"; do
  case "$arg" in
    --no-unit) unit=false ;;
    *) targets+=("$arg"); unit=false ;;
  esac
done

"$root/environment/setup.sh"
find_java25
ensure_jupyter

export MLJAVA_MODE=quick
status=0
if [ "$unit" = true ]; then
  step "Unit tests (Maven Surefire)"
  mkdir -p "$root/build"
  if (cd "$root" && mvn -B test > "$root/build/unit-tests.log" 2>&1); then
    grep -E "Tests run:.*Fail" "$root/build/unit-tests.log" | grep -v " in " | sed 's/^\[INFO\] /  /'
  else
    grep -E "Tests run:|FAIL|ERROR\]" "$root/build/unit-tests.log" | head -40
    echo "  unit tests FAILED (full log: build/unit-tests.log)"
    status=1
  fi
fi

if [ "$unit" = true ]; then
  step "Test runner self-test (a check that does not hold fails its notebook)"
  if ! "$MLJAVA_PYTHON" "$root/tests/runner_selftest.py" > "$root/build/runner-selftest.log" 2>&1; then
    tail -30 "$root/build/runner-selftest.log"
    echo "  runner self-test FAILED (full log: build/runner-selftest.log)"
    status=1
  else
    grep -E "^Ran |^OK" "$root/build/runner-selftest.log" | sed 's/^/  /'
  fi
fi

step "Notebooks (quick mode, through the Java kernel)"
"$MLJAVA_PYTHON" "$root/tests/run_notebooks.py" "${targets[@]}" || status=1
exit $status
