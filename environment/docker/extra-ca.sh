#!/bin/sh
# Trusts the certificate authorities given in EXTRA_CA_CERTS (PEM text), for builds behind a
# TLS-inspecting proxy whose own CA signs every HTTPS connection:
#   extra-ca.sh system   into the system's store (apt, npm, pip, Python), if ca-certificates is there
#   extra-ca.sh java     into the JDK's store ($JAVA_HOME/lib/security/cacerts: Maven, %maven, DJL, data)
# Does nothing when EXTRA_CA_CERTS is empty. Certificates are public: nothing secret passes here.
set -eu
[ -n "${EXTRA_CA_CERTS:-}" ] || exit 0
dir="$(mktemp -d)"
printf '%s\n' "$EXTRA_CA_CERTS" | awk -v dir="$dir" '
  /-----BEGIN CERTIFICATE-----/ { n++; file = sprintf("%s/extra-%02d.crt", dir, n) }
  file != "" { print > file }
  /-----END CERTIFICATE-----/ { close(file); file = "" }'
count="$(ls "$dir" | wc -l)"
[ "$count" -gt 0 ] || { echo "EXTRA_CA_CERTS holds no PEM certificate" >&2; exit 1; }
case "${1:-}" in
  system)
    if command -v update-ca-certificates >/dev/null; then
      mkdir -p /usr/local/share/ca-certificates
      for cert in "$dir"/*.crt; do cp "$cert" "/usr/local/share/ca-certificates/mljava-$(basename "$cert")"; done
      update-ca-certificates >/dev/null 2>&1
      echo "trusting $count extra certificate authorities (system)"
    fi ;;
  java)
    store="$JAVA_HOME/lib/security/cacerts"
    for cert in "$dir"/*.crt; do
      alias="mljava-$(basename "$cert" .crt)"
      if ! "$JAVA_HOME/bin/keytool" -list -keystore "$store" -storepass changeit -alias "$alias" >/dev/null 2>&1; then
        "$JAVA_HOME/bin/keytool" -importcert -noprompt -keystore "$store" -storepass changeit -alias "$alias" -file "$cert" >/dev/null 2>&1
      fi
    done
    echo "trusting $count extra certificate authorities ($store)" ;;
  *) echo "usage: extra-ca.sh system|java" >&2; rm -rf "$dir"; exit 64 ;;
esac
rm -rf "$dir"
