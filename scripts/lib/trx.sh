# shellcheck shell=bash
# Sums the <Counters> of every TRX file in a folder.

# trx_totals DIR: prints "PASSED FAILED SKIPPED FILES".
trx_totals() {
    local dir="$1"
    local files=()
    mapfile -t files < <(find "$dir" -type f -name '*.trx' 2>/dev/null | sort)
    if ((${#files[@]} == 0)); then
        echo "0 0 0 0"
        return 0
    fi
    awk '
        function attr(line, name,    m) {
            if (match(line, " " name "=\"[0-9]+\"")) {
                m = substr(line, RSTART, RLENGTH)
                gsub(/[^0-9]/, "", m)
                return m + 0
            }
            return 0
        }
        /<Counters / {
            total += attr($0, "total")
            executed += attr($0, "executed")
            passed += attr($0, "passed")
            failed += attr($0, "failed") + attr($0, "error") + attr($0, "timeout") + attr($0, "aborted")
        }
        END { print passed, failed, total - executed, ARGC - 1 }
    ' "${files[@]}"
}
