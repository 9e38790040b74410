#!/usr/bin/env bash
# One idempotent setup, used by start.sh, test.sh, CI and the Dockerfile:
#   Java 25 -> Jupyter -> build the Java modules -> install the "Java" kernel -> warm ~/.m2 with
#   every library the notebooks load -> fetch the offline data sets.
# A second run with everything in place takes seconds.
# Options: --skip-data (do not fetch data sets)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=environment/common.sh
source "$root/environment/common.sh"

skip_data=false
for arg in "$@"; do
  case "$arg" in
    --skip-data) skip_data=true ;;
    *) die "unknown option $arg (setup.sh takes --skip-data)" ;;
  esac
done

mkdir -p "$MLJAVA_STATE"

step "Java 25"
find_java25
say "using $JAVA_HOME"

step "Maven"
command -v mvn >/dev/null || die "Maven (mvn) is not installed. On Debian/Ubuntu: sudo apt-get install maven"

step "Jupyter"
ensure_jupyter
say "using $MLJAVA_PYTHON ($("$MLJAVA_PYTHON" -c 'import nbclient, jupyter_client; print("nbclient", nbclient.__version__, "jupyter_client", jupyter_client.__version__)'))"

step "Fonts for charts"
ensure_fonts

step "Java modules (kernel extension, helper library)"
build_modules

step "Kernel"
install_kernel

step "Libraries the notebooks load"
warm_notebook_libraries

if [ "$skip_data" = false ]; then
  step "Offline data sets and models"
  fetch_offline_data
fi

step "Ready"
