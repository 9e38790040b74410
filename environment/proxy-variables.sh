# The proxy variables in both spellings. Sourced (POSIX sh, so dash can read it) by common.sh (setup,
# start, test) and docker/system-packages.sh (the image's first step, which runs before the JDK is in
# the image, so this cannot be asked of org.mljava.net.Settings).
#
# Tools read different spellings: apt and wget only the lower case, curl and Python's urllib prefer
# it, Maven reads neither (run_maven), Docker's --build-arg HTTPS_PROXY is upper case. One rule,
# the same that org.mljava.net.ProxySettings reads (ProxyVariablesScriptTest holds the two to it):
# for HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, a set lower-case value wins over the
# upper-case one (blank counts as unset), and both spellings are exported with that value, so every
# tool reaches the same proxy. Nothing is printed: the values may carry credentials.
# shellcheck shell=sh

for _mljava_pair in HTTPS_PROXY:https_proxy HTTP_PROXY:http_proxy ALL_PROXY:all_proxy NO_PROXY:no_proxy; do
  _mljava_upper="${_mljava_pair%%:*}"
  _mljava_lower="${_mljava_pair##*:}"
  eval "_mljava_value=\${$_mljava_lower:-}"
  case "$_mljava_value" in
    *[![:space:]]*) ;;
    *) eval "_mljava_value=\${$_mljava_upper:-}" ;;
  esac
  case "$_mljava_value" in
    *[![:space:]]*) export "$_mljava_upper=$_mljava_value" "$_mljava_lower=$_mljava_value" ;;
  esac
done
unset _mljava_pair _mljava_upper _mljava_lower _mljava_value
