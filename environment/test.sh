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
  (cd "$root" && mvn -B -q -o test -Dsurefire.printSummary=true 2>&1 | grep -E "Tests run:|FAIL|ERROR" | grep -v "^\[INFO\]" ) || true
  (cd "$root" && mvn -B -o -q test >/dev/null 2>&1) || { echo "unit tests FAILED: run 'mvn test' for details"; status=1; }
fi

step "Notebooks (quick mode, through the Java kernel)"
"$MLJAVA_PYTHON" "$root/tests/run_notebooks.py" "${targets[@]}" || status=1
exit $status
