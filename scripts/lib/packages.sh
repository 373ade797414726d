# shellcheck shell=bash
# Debian packages the test suite needs, installed only when missing.

# is_installed PACKAGE: true when dpkg reports the package as installed.
is_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

# ensure_packages PACKAGE...: installs the missing ones with one `apt-get update` (none when all are there).
# Services in those packages are not started by the install (policy-rc.d); the test script starts what it needs itself.
ensure_packages() {
    local missing=() package
    for package in "$@"; do
        is_installed "$package" || missing+=("$package")
    done
    if ((${#missing[@]} == 0)); then
        echo "test.sh: packages already installed: $*"
        return 0
    fi

    echo "test.sh: installing ${missing[*]}"
    local sudo=()
    if ((EUID != 0)); then
        sudo=(sudo -n)
    fi

    local policy=/usr/sbin/policy-rc.d created_policy=0
    if [[ ! -e "$policy" ]]; then
        printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
        "${sudo[@]}" chmod 755 "$policy"
        created_policy=1
    fi

    local status=0
    {
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -q update &&
            "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -q install -y \
                --no-install-recommends "${missing[@]}"
    } </dev/null || status=$?

    if ((created_policy)); then
        "${sudo[@]}" rm -f "$policy"
    fi
    return "$status"
}
