#!/usr/bin/env bash
# Installs the Debian packages Canon builds and tests against, when any is missing.
# The list grows with the project: each entry names what needs it.
set -euo pipefail

packages=(
  pkg-config     # SwiftPM reads the C libraries' flags through it
  python3        # scripts/soundness.py: the random schema sets of the soundness check
  libyaml-dev    # CYAML: the schema loader
  libcurl4-openssl-dev  # CCurl: the runtime's HTTP transport
  libhiredis-dev # CHiredis: the runtime's Redis transport
  redis-server   # the Redis tests start their own servers on free loopback ports
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing system packages: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
