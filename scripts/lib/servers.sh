# shellcheck shell=bash
# Real MQTT and FTPS servers for the printer tests. The test fixtures start their own mosquitto and vsftpd on free
# loopback ports with temp configs (restarts, TLS certificates and users per test), so nothing runs here: this only
# checks the binaries, exports their paths, and prepares the one system account vsftpd needs.

# The FTPS fixture logs in to vsftpd as this local account (vsftpd authenticates system users through PAM).
# Keep in sync with tests/PrintStash.Printers.Tests/TestSupport/VsftpdServer.cs.
FTPS_TEST_USER=printstash-ftps
FTPS_TEST_PASSWORD=ftps-test-Pa55

# export_server_binaries: exports PRINTSTASH_TEST_MOSQUITTO, _MOSQUITTO_PASSWD, _VSFTPD, _OPENSSL; fails when one is missing.
export_server_binaries() {
    export PRINTSTASH_TEST_MOSQUITTO=/usr/sbin/mosquitto
    export PRINTSTASH_TEST_MOSQUITTO_PASSWD=/usr/bin/mosquitto_passwd
    export PRINTSTASH_TEST_VSFTPD=/usr/sbin/vsftpd
    export PRINTSTASH_TEST_OPENSSL=/usr/bin/openssl
    local binary
    for binary in "$PRINTSTASH_TEST_MOSQUITTO" "$PRINTSTASH_TEST_MOSQUITTO_PASSWD" "$PRINTSTASH_TEST_VSFTPD" "$PRINTSTASH_TEST_OPENSSL"; do
        if [[ ! -x "$binary" ]]; then
            echo "test.sh: $binary is missing after install; the MQTT/FTPS tests need it" >&2
            return 1
        fi
    done
}

# ensure_ftps_test_account: creates the FTPS test account (no home, no login files) and sets its known password.
ensure_ftps_test_account() {
    local sudo=()
    if ((EUID != 0)); then
        sudo=(sudo -n)
    fi
    if ! id "$FTPS_TEST_USER" >/dev/null 2>&1; then
        "${sudo[@]}" useradd --system --no-create-home --home-dir / --shell /bin/sh "$FTPS_TEST_USER"
    fi
    echo "$FTPS_TEST_USER:$FTPS_TEST_PASSWORD" | "${sudo[@]}" chpasswd
}
