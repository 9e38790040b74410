#!/bin/sh
# The Dockerfile's first step, as root: the OS packages that environment/setup.sh expects on a
# machine (the README's prerequisites, the JDK aside: it comes from the JDK image), and the
# notebook user. Usage: system-packages.sh USER UID
set -eu
user="$1"
uid="$2"

here="$(dirname "$0")"
# apt reads only the lower-case proxy variables; Docker's --build-arg HTTPS_PROXY is upper case. The
# rule that copies them is the setup's own (the Dockerfile puts the file beside this script).
. "$here/proxy-variables.sh"

# maven: builds the kernel extension and the helpers. python3, python3-venv: Jupyter (setup.sh puts
# JupyterLab in a virtual environment, or uses Debian's Jupyter packages). npm: the data step takes
# some data sets from npm packages (apt-get download takes others, so the package lists stay).
# tini: PID 1, reaps the kernels. (Jupyter itself and the fonts for charts: setup.sh --system.)
"$here/extra-ca.sh" system   # before apt, for HTTPS package sources (where ca-certificates is already there)
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  ca-certificates maven python3 python3-venv npm tini >/dev/null
apt-get clean
"$here/extra-ca.sh" system   # and for everything after (pip, npm)

# The notebook user, with the usual Jupyter-image name and uid. Ubuntu images already have a user
# with uid 1000 ("ubuntu"): it gives way.
existing="$(getent passwd "$uid" | cut -d: -f1 || true)"
if [ -n "$existing" ] && [ "$existing" != "$user" ]; then
  userdel --remove "$existing" 2>/dev/null || userdel "$existing"
fi
if ! getent group "$uid" >/dev/null; then
  groupadd --gid "$uid" "$user"
fi
id "$user" >/dev/null 2>&1 || useradd --create-home --uid "$uid" --gid "$uid" --shell /bin/bash "$user"
