# Network namespaces and veth links the multi-host test makes are named after WAKEDOCK_TEST_NETNS_PREFIX,
# unique to this run, so that the cleanup removes what a killed test left behind and nothing else.
# shellcheck shell=bash

choose_netns_prefix() {
  export WAKEDOCK_TEST_NETNS_PREFIX="wd$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')"
}

remove_test_namespaces() {
  [ -n "${WAKEDOCK_TEST_NETNS_PREFIX:-}" ] && command -v ip >/dev/null || return 0
  local name
  for name in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^${WAKEDOCK_TEST_NETNS_PREFIX}" || true); do
    say "removing network namespace $name"
    ip netns del "$name" 2>/dev/null || true
  done
  for name in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^${WAKEDOCK_TEST_NETNS_PREFIX}" || true); do
    ip link del "$name" 2>/dev/null || true
  done
}
