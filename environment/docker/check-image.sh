#!/usr/bin/env bash
# Runs inside the image (environment/image-test.sh starts it as the notebook user, with no network):
#   identity   not root, and the Java kernel runs as that user too
#   offline    no network interface but loopback, no route
#   caches     DJL's PyTorch natives unpacked at build time (and the CUDA build, where one was fetched)
#   notebooks  tests/run_notebooks.py in quick mode (the arguments: notebooks or folders; default all)
#   browser    tests/browser/run.mjs, where Chromium, Node.js and playwright-core are in (image-test.sh)
#   token      the Jupyter server the image starts refuses requests without the token, answers with it;
#              an empty JUPYTER_TOKEN does not switch the token off; the HEALTHCHECK command passes
# Prints one "check NAME ok|FAIL detail" line per check and the runner's table; exit 1 on a failure.
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"
source "$root/environment/common.sh"
find_java25
ensure_jupyter
failures=0
check() { # name, ok|FAIL, detail
  printf 'check %-22s %-4s %s\n' "$1" "$2" "$3"
  [ "$2" = ok ] || failures=$((failures + 1))
}

# --- identity ---------------------------------------------------------------------------------
if [ "$(id -u)" -ne 0 ]; then check user ok "$(id -un) uid=$(id -u)"; else check user FAIL "running as root"; fi
kernel_user="$("$MLJAVA_PYTHON" - <<'PY' 2>&1
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name='java', startup_timeout=120)
out = []
def hook(msg):
    if msg['msg_type'] == 'stream':
        out.append(msg['content']['text'])
kc.execute_interactive('System.out.println(System.getProperty("user.name") + " uid=" + new com.sun.security.auth.module.UnixSystem().getUid())',
                       timeout=120, output_hook=hook)
kc.stop_channels()
km.shutdown_kernel(now=True)
print('KERNEL-USER ' + ''.join(out).strip(), flush=True)
PY
)"
kernel_user="$(printf '%s\n' "$kernel_user" | sed -n 's/^KERNEL-USER //p' | tail -n 1)"
case "$kernel_user" in
  "$(id -un) uid=$(id -u)") check kernel-user ok "the Java kernel runs as $kernel_user" ;;
  *) check kernel-user FAIL "kernel answered: $kernel_user" ;;
esac

# --- offline ----------------------------------------------------------------------------------
# /proc/net is this process's network namespace (/sys may show the host's)
interfaces="$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\n' ' ' | sed 's/ $//')"
routes="$(tail -n +2 /proc/net/route | wc -l)"
if [ "$interfaces" = lo ] && [ "$routes" -eq 0 ]; then
  check offline ok "network interfaces: lo only; IPv4 routes: 0"
else
  check offline FAIL "network interfaces: $interfaces; IPv4 routes: $routes"
fi

# --- warm caches (before any notebook could fill them) ----------------------------------------
natives="$(ls -d "${DJL_CACHE_DIR:-$HOME/.djl.ai}"/pytorch/*-cpu-linux-* 2>/dev/null | head -n 1)"
if [ -n "$natives" ] && [ -f "$natives/libtorch.so" ]; then
  check djl-natives ok "DJL's CPU build of PyTorch is unpacked: $natives"
else
  check djl-natives FAIL "no CPU build of PyTorch in DJL's cache (the setup step 'PyTorch natives' failed?)"
fi
if [ -r "$MLJAVA_CACHE/pytorch-cuda.env" ]; then
  check djl-cuda ok "CUDA build recorded: $(tr '\n' ' ' < "$MLJAVA_CACHE/pytorch-cuda.env")"
fi

# --- notebooks --------------------------------------------------------------------------------
report="$(mktemp)"
MLJAVA_MODE=quick "$MLJAVA_PYTHON" tests/run_notebooks.py "$@" 2>&1 | tee "$report"
summary="$(grep -E '^notebooks: [0-9]+ passed, [0-9]+ failed' "$report" | tail -n 1)"
case "$summary" in
  *" 0 failed") check notebooks ok "${summary#notebooks: }" ;;
  "") check notebooks FAIL "the runner printed no summary" ;;
  *) check notebooks FAIL "${summary#notebooks: }" ;;
esac

# --- the browser test (when environment/image-test.sh put Chromium and playwright-core in) -----
# tests/browser/run.mjs: Chromium opens the Jupyter server (JupyterLab or the classic Notebook,
# whichever the image has), runs, edits and checks five notebooks, offline like everything here.
if [ -x "${MLJAVA_CHROMIUM:-/usr/bin/chromium}" ] && command -v node >/dev/null && [ -d tests/browser/node_modules/playwright-core ]; then
  browser_log="$(mktemp)"
  MLJAVA_PYTHON="$MLJAVA_PYTHON" node tests/browser/run.mjs --out "$root/build/browser-test" 2>&1 | tee "$browser_log"
  browser_summary="$(grep -E '^browser: [0-9]+ passed, [0-9]+ failed' "$browser_log" | tail -n 1)"
  case "$browser_summary" in
    *" 0 failed") check browser ok "${browser_summary#browser: } (screenshots: build/browser-test/screenshots)" ;;
    "") check browser FAIL "the browser test printed no summary" ;;
    *) check browser FAIL "${browser_summary#browser: } (screenshots: build/browser-test/screenshots)" ;;
  esac
  rm -f "$browser_log"
else
  echo "browser test not run: no Chromium, Node.js or tests/browser/node_modules in this image (environment/image-test.sh adds them)"
fi

# --- token authentication ---------------------------------------------------------------------
port="${MLJAVA_JUPYTER_PORT:-8888}"
http_status() { # url [token-header] -> HTTP status code (no redirects followed)
  "$MLJAVA_PYTHON" - "$@" <<'PY'
import sys, urllib.error, urllib.request
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None
request = urllib.request.Request(sys.argv[1])
if len(sys.argv) > 2:
    request.add_header('Authorization', 'token ' + sys.argv[2])
try:
    with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as r:
        print(r.status)
except urllib.error.HTTPError as e:
    print(e.code, e.headers.get('Location', ''))
except Exception as e:
    print('error', type(e).__name__)
PY
}
start_server() { # log file; the server's pid in $server
  "$root/environment/docker/entrypoint.sh" --skip-data > "$1" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do
    [ "$(http_status "http://127.0.0.1:$port/api")" = 200 ] && return 0
    kill -0 "$server" 2>/dev/null || return 1
    sleep 1
  done
  return 1
}
stop_server() {
  kill "$server" 2>/dev/null
  wait "$server" 2>/dev/null
}

log="$(mktemp)"
unset JUPYTER_TOKEN
if start_server "$log"; then
  token="$(grep -oE 'token=[0-9a-f]+' "$log" | head -n 1 | cut -d= -f2)"
  api="http://127.0.0.1:$port/api/contents"
  no_token="$(http_status "$api")"
  wrong_token="$(http_status "$api?token=not-the-token")"
  page="$(http_status "http://127.0.0.1:$port/tree")"
  with_token="$(http_status "$api?token=$token")"
  with_header="$(http_status "$api" "$token")"
  [ "${no_token%% *}" = 403 ] && check token-required ok "GET /api/contents without token: $no_token" \
    || check token-required FAIL "GET /api/contents without token: $no_token"
  [ "${wrong_token%% *}" = 403 ] && check token-wrong ok "with a wrong token: $wrong_token" \
    || check token-wrong FAIL "with a wrong token: $wrong_token"
  case "$page" in
    30[0-9]*login*) check login-redirect ok "GET /tree without token: $page" ;;
    *) check login-redirect FAIL "GET /tree without token: $page" ;;
  esac
  if [ -n "$token" ] && [ "$with_token" = 200 ] && [ "$with_header" = 200 ]; then
    check token-accepted ok "the printed token (${#token} hex digits) opens /api/contents: $with_token (query), $with_header (header)"
  else
    check token-accepted FAIL "token '${token:0:4}...': $with_token (query), $with_header (header)"
  fi
  if "$root/environment/docker/healthcheck.sh"; then check healthcheck ok "exit 0 while the server runs"; else check healthcheck FAIL "exit $?"; fi
  stop_server
  if "$root/environment/docker/healthcheck.sh" 2>/dev/null; then check healthcheck-down FAIL "exit 0 with no server"; else check healthcheck-down ok "non-zero with no server"; fi
else
  check server FAIL "Jupyter did not answer within 120 s: $(tail -n 5 "$log" | tr '\n' ' ')"
  stop_server
fi

export JUPYTER_TOKEN=""
if start_server "$log"; then
  empty="$(http_status "http://127.0.0.1:$port/api/contents")"
  [ "${empty%% *}" = 403 ] && check empty-token-env ok "JUPYTER_TOKEN='' still requires a token: $empty" \
    || check empty-token-env FAIL "JUPYTER_TOKEN='': $empty"
  stop_server
else
  check empty-token-env FAIL "Jupyter did not start: $(tail -n 5 "$log" | tr '\n' ' ')"
  stop_server
fi
unset JUPYTER_TOKEN
rm -f "$log" "$report"

echo "checks: $failures failed"
[ "$failures" -eq 0 ]
