# shellcheck shell=bash
# Shared by scripts/cluster/cluster.sh and images.sh (sourced; each defines its own `log`).

# install_packages PACKAGE...: installs the Debian packages named, if any (the caller lists what is missing).
install_packages() {
  [ $# -gt 0 ] || return 0
  log "installing $* (Debian packages)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" > /dev/null
}
