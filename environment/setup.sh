#!/usr/bin/env bash
# One idempotent setup, used by start.sh, test.sh, CI and the Dockerfile:
#   Java 25 -> Jupyter -> build the Java modules -> install the "Java" kernel -> warm ~/.m2 with
#   every library the notebooks load -> unpack (or, for a GPU, fetch) DJL's PyTorch natives -> check
#   PyTorch's float32 convolutions on this machine (oneDNN) -> fetch the offline data sets.
# A second run with everything in place takes seconds.
# Options: --skip-data (do not fetch data sets)
#          --system    only the parts that install system packages (Jupyter, fonts): the Dockerfile runs
#                      this as root, then the whole setup as the notebook user
# Settings (environment): MLJAVA_JUPYTER_FROM, MLJAVA_JUPYTER_VENV (where Jupyter comes from),
#   MLJAVA_PYTORCH_FLAVOR=cu128 (also fetch DJL's CUDA build of PyTorch), see common.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=environment/common.sh
source "$root/environment/common.sh"

skip_data=false
system_only=false
for arg in "$@"; do
  case "$arg" in
    --skip-data) skip_data=true ;;
    --system) system_only=true ;;
    *) die "unknown option $arg (setup.sh takes --skip-data and --system)" ;;
  esac
done

mkdir -p "$MLJAVA_STATE"

if [ "$system_only" = false ]; then
  step "Java 25"
  find_java25
  say "using $JAVA_HOME"

  step "Maven"
  command -v mvn >/dev/null || die "Maven (mvn) is not installed. On Debian/Ubuntu: sudo apt-get install maven"
fi

step "Jupyter"
ensure_jupyter
say "using $MLJAVA_PYTHON ($("$MLJAVA_PYTHON" -c 'import nbclient, jupyter_client; print("nbclient", nbclient.__version__, "jupyter_client", jupyter_client.__version__)'))"

step "Fonts for charts"
ensure_fonts

if [ "$system_only" = true ]; then
  step "Ready (system parts only)"
  exit 0
fi

step "Java modules (kernel extension and its kernelspec, helper library, setup tools)"
build_modules

step "Kernel"
install_kernel

step "Libraries the notebooks load"
warm_notebook_libraries

step "PyTorch natives (${MLJAVA_PYTORCH_FLAVOR:-cpu})"
warm_pytorch_natives

step "PyTorch's float32 convolutions on this machine"
check_onednn

if [ "$skip_data" = false ]; then
  step "Offline data sets and models"
  fetch_offline_data
fi

step "Ready"
