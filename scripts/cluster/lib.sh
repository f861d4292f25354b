# shellcheck shell=bash
# Shared by scripts/cluster/cluster.sh and images.sh (sourced; each defines its own `log`).

die() {
  log "error: $*" >&2
  exit 1
}

# install_packages PACKAGE...: installs the Debian packages named, if any (the caller lists what is missing).
install_packages() {
  [ $# -gt 0 ] || return 0
  log "installing $* (Debian packages)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" > /dev/null
}

# unmount_under DIR: whatever is still mounted at or below a folder of ours, deepest first (lazily when busy).
unmount_under() {
  local target
  findmnt -rn -o TARGET | awk -v dir="${1%/}/" 'index($0 "/", dir) == 1' | sort -r | while read -r target; do
    umount "$target" 2> /dev/null || umount -l "$target" 2> /dev/null || true
  done
}
