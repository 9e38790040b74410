#!/usr/bin/env bash
# The container's command (after tini): keeps token authentication on, names the proxy in use
# without its credentials, then runs environment/start.sh: the setup (up to date in the image, so
# seconds and no network) and Jupyter on 0.0.0.0:8888 with the notebooks as its root.
#   docker run IMAGE                  start.sh --skip-data (the default CMD)
#   docker run IMAGE --skip-data ...  arguments starting with "-" go to start.sh
#   docker run -it IMAGE bash         anything else is run instead
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"

if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  exec "$@"
fi

# An empty JUPYTER_TOKEN would read as "no token" to some Jupyter versions: never let it.
if [ -n "${JUPYTER_TOKEN+set}" ] && [ -z "$JUPYTER_TOKEN" ]; then
  unset JUPYTER_TOKEN
  echo "JUPYTER_TOKEN is empty: ignored. Token authentication stays on; Jupyter prints a random token below."
fi

# Both spellings by the setup's one rule (start.sh would do the same), so the upper-case name shows
# the value that every tool in the container uses.
. "$root/environment/proxy-variables.sh"
for name in HTTPS_PROXY HTTP_PROXY ALL_PROXY NO_PROXY; do
  if [ -n "${!name:-}" ]; then
    # user:password@ -> ***@ ; the value itself is only ever passed on, never shown
    echo "$name=$(printf '%s' "${!name}" | sed -E 's#^([a-zA-Z]+://)?.*@#\1***@#')"
  fi
done

exec "$root/environment/start.sh" "$@"
