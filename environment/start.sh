#!/usr/bin/env bash
# The one command for learners: set everything up (idempotent), then open Jupyter on the notebooks.
# JupyterLab where it is installed, else the classic Notebook. Token authentication stays on; the
# server listens on localhost unless MLJAVA_JUPYTER_IP says otherwise (the container sets 0.0.0.0).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/environment/common.sh"
"$root/environment/setup.sh" "$@"
find_java25
ensure_jupyter
ip="${MLJAVA_JUPYTER_IP:-127.0.0.1}"
port="${MLJAVA_JUPYTER_PORT:-8888}"
if "$MLJAVA_PYTHON" -c 'import jupyterlab' >/dev/null 2>&1; then
  app=lab
else
  app=notebook
fi
step "Starting Jupyter ($app) on http://$ip:$port - open the URL with the token printed below"
extra=()
if [ "$(id -u)" -eq 0 ]; then
  # Jupyter refuses root unless told; containers and CI machines often are root. The token stays on.
  say "running as root: starting Jupyter with --allow-root (better: run as a normal user)"
  extra+=(--allow-root)
fi
exec "$MLJAVA_PYTHON" -m jupyter "$app" --notebook-dir="$root/notebooks" --ip="$ip" --port="$port" --no-browser "${extra[@]}"
