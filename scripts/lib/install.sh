# Installs what the tests need and the machine lacks; only as root on Debian, never elsewhere.
# shellcheck shell=bash

# apt packages for the commands still missing; docker.io only when no engine answers already.
missing_apt_packages() {
  local engine_reachable=$1 packages=()
  if [ "$engine_reachable" != yes ] && ! command -v dockerd >/dev/null; then packages+=(docker.io); fi
  if [ "$engine_reachable" != yes ] && ! command -v docker >/dev/null; then packages+=(docker.io); fi
  [ -x /bin/busybox ] && file_is_static /bin/busybox || packages+=(busybox-static)
  command -v chromium >/dev/null || packages+=(chromium)
  command -v promtool >/dev/null && command -v prometheus >/dev/null || packages+=(prometheus)
  command -v amtool >/dev/null && command -v prometheus-alertmanager >/dev/null || packages+=(prometheus-alertmanager)
  command -v ip >/dev/null || packages+=(iproute2)
  command -v docker-compose >/dev/null || packages+=(docker-compose)
  command -v jq >/dev/null || packages+=(jq)
  printf '%s\n' "${packages[@]}" | sort -u | tr '\n' ' '
}

file_is_static() { ! ldd "$1" >/dev/null 2>&1; }

install_apt_packages() {
  local packages=$1
  [ -n "${packages// /}" ] || return 0
  if ! is_root_on_debian; then
    say "missing: $packages (not root on Debian: install them yourself; tests that need them will fail and say why)"
    return 0
  fi
  say "installing with apt: $packages"
  # keep package scripts from starting system services (a second dockerd, a Prometheus on :9090)
  local policy_added=no
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_added=yes
  fi
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends $packages; } >"$WORK/apt.log" 2>&1 \
    || { tail -20 "$WORK/apt.log" >&2; [ $policy_added = yes ] && rm -f /usr/sbin/policy-rc.d; die "apt-get install failed"; }
  [ $policy_added = yes ] && rm -f /usr/sbin/policy-rc.d
  return 0
}

install_npm_tools() {
  local dir=$ROOT/scripts/tools
  if [ -x "$dir/node_modules/.bin/azurite-blob" ] && [ -d "$dir/node_modules/@cdktf/hcl2json" ]; then return 0; fi
  command -v npm >/dev/null || { say "npm is missing: Azurite and hcl2json cannot be installed"; return 0; }
  say "installing Azurite and @cdktf/hcl2json with npm into scripts/tools/node_modules"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm-tools.log" 2>&1) \
    || { tail -20 "$WORK/npm-tools.log" >&2; die "npm ci in scripts/tools failed"; }
}

# The web dashboard's packages (esbuild, uPlot, the SignalR client); the functions build runs npm run build.
install_dashboard_packages() {
  local dir=$ROOT/dashboards/web
  if [ -f "$dir/node_modules/.package-lock.json" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then return 0; fi
  command -v npm >/dev/null || { say "npm is missing: the dashboard cannot be built"; return 0; }
  say "installing the dashboard's packages with npm into dashboards/web/node_modules"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm-dashboard.log" 2>&1) \
    || { tail -20 "$WORK/npm-dashboard.log" >&2; die "npm ci in dashboards/web failed"; }
}
