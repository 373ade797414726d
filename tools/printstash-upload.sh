#!/bin/sh
# printstash-upload.sh — slicer post-processing hook: sends the G-code the slicer just wrote to PrintStash.
#
# Paste into "Post-processing scripts" (PrusaSlicer, SuperSlicer, OrcaSlicer, Bambu Studio):
#     /path/to/printstash-upload.sh
# The slicer appends the G-code path as the last argument and sets SLIC3R_PP_OUTPUT_NAME (the final name).
#
# Settings come from the environment or from printstash-upload.conf next to this script (KEY=value lines):
#   PRINTSTASH_URL         http://printstash.local:8080      (required)
#   PRINTSTASH_API_KEY     ps_...                            (required; a key of a Designer or higher)
#   PRINTSTASH_MODEL       model id or name to add the file to (optional; default: the model whose mesh matches)
#   PRINTSTASH_COLLECTION  folder path for a new model, e.g. "Printers/MK4" (optional)
#   PRINTSTASH_TAGS        extra tags, comma separated (optional)
#   PRINTSTASH_SPOOL_DIR   where files wait while the server is unreachable
#                          (default: ${XDG_STATE_HOME:-~/.local/state}/printstash/spool)
# Options (before the G-code path): --model X, --collection X, --tags a,b, --no-slicer-tags, --flush (upload the spool only).
#
# It never breaks the export and never changes the G-code: when the upload fails it keeps a copy in the spool folder,
# says so, and exits 0; the next run (or --flush) uploads what is spooled.

umask 077
script_dir=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
config_file=${PRINTSTASH_CONFIG:-"$script_dir/printstash-upload.conf"}

say() {
    printf 'PrintStash: %s\n' "$*" >&2
    if [ -n "${log_file:-}" ]; then
        printf '%s %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "$*" >> "$log_file" 2>/dev/null
    fi
}

# Reads KEY=value from the config file without executing it; the environment wins.
config_value() {
    eval "current=\${$1:-}"
    if [ -n "$current" ]; then
        printf '%s' "$current"
        return
    fi
    [ -r "$config_file" ] || return
    sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$config_file" | tail -n 1 | sed 's/[[:space:]]*$//; s/^"\(.*\)"$/\1/; s/^'"'"'\(.*\)'"'"'$/\1/'
}

url=$(config_value PRINTSTASH_URL)
api_key=$(config_value PRINTSTASH_API_KEY)
model=$(config_value PRINTSTASH_MODEL)
collection=$(config_value PRINTSTASH_COLLECTION)
extra_tags=$(config_value PRINTSTASH_TAGS)
spool_dir=$(config_value PRINTSTASH_SPOOL_DIR)
if [ -z "$spool_dir" ]; then
    if [ -n "${HOME:-}" ]; then
        spool_dir="${XDG_STATE_HOME:-$HOME/.local/state}/printstash/spool"
    else
        spool_dir="${TMPDIR:-/tmp}/printstash-spool-$(id -u)"
    fi
fi
log_file="$(dirname -- "$spool_dir")/printstash-upload.log"
mkdir -p -- "$spool_dir" 2>/dev/null || log_file=

flush_only=0
slicer_tags=1
gcode=
while [ $# -gt 0 ]; do
    case "$1" in
        --flush) flush_only=1 ;;
        --model) model=$2; shift ;;
        --collection) collection=$2; shift ;;
        --tags) extra_tags=$2; shift ;;
        --no-slicer-tags) slicer_tags=0 ;;
        *) gcode=$1 ;;
    esac
    shift
done

url=${url%/}
case "$url" in
    ''|http://*|https://*) ;;
    *) url="http://$url" ;;
esac

# Tags the slicer knows: printer model (or printer preset) and each filament type.
slicer_tag_lines() {
    [ "$slicer_tags" = 1 ] || return
    printer=${SLIC3R_PRINTER_MODEL:-${SLIC3R_PRINTER_SETTINGS_ID:-}}
    [ -n "$printer" ] && printf '%s\n' "$printer"
    if [ -n "${SLIC3R_FILAMENT_TYPE:-}" ]; then
        printf '%s\n' "$SLIC3R_FILAMENT_TYPE" | tr ';' '\n' | sed 's/^"//; s/"$//' | grep -v '^[[:space:]]*$' | sort -u
    fi
}

# Escapes a path for curl's -F name=@"path" syntax.
curl_quote() {
    printf '%s' "$1" | sed 's/[\\"]/\\&/g'
}

# JSON string value of "message" (or "detail"/"error") from a response body, unescaped.
json_message() {
    for key in message detail error; do
        value=$(sed -n "s/.*\"$key\":\"\\([^\"\\\\]*\\(\\\\.[^\"\\\\]*\\)*\\)\".*/\\1/p" "$1" | head -n 1)
        if [ -n "$value" ]; then
            printf '%s' "$value" | sed 's/\\"/"/g; s/\\\\/\\/g'
            return
        fi
    done
}

# upload <file> <name> <model> <collection> <tags-file>; sets $outcome to ok, retry or rejected.
upload() {
    outcome=retry
    if [ -z "$url" ] || [ -z "$api_key" ]; then
        say "PRINTSTASH_URL and PRINTSTASH_API_KEY are not set (environment or $config_file)."
        return
    fi
    body=$(mktemp "${TMPDIR:-/tmp}/printstash-response.XXXXXX") || return
    set -- "$1" "$2" "$3" "$4" "$5" "$body"
    # The file is streamed by curl (-F name=@file), never read into memory.
    if [ -s "$5" ]; then
        tag_args=$(mktemp "${TMPDIR:-/tmp}/printstash-tags.XXXXXX") || return
        while IFS= read -r tag; do
            [ -n "$tag" ] && printf 'form-string = "tags=%s"\n' "$(printf '%s' "$tag" | sed 's/[\\"]/\\&/g')"
        done < "$5" > "$tag_args"
    else
        tag_args=/dev/null
    fi
    status=$(printf 'header = "X-Api-Key: %s"\n' "$api_key" | curl --silent --show-error --config - --config "$tag_args" \
        --connect-timeout 10 --speed-limit 1 --speed-time 120 \
        --output "$6" --write-out '%{http_code}' \
        --form-string "name=$2" \
        ${3:+--form-string "model=$3"} \
        ${4:+--form-string "collection=$4"} \
        --form "file=@\"$(curl_quote "$1")\";filename=upload.gcode;type=application/octet-stream" \
        "$url/api/v1/slicer/upload" 2>"$6.err")
    curl_exit=$?
    [ "$tag_args" != /dev/null ] && rm -f -- "$tag_args"
    message=$(json_message "$6")
    curl_error=$(head -c 300 "$6.err")
    rm -f -- "$6" "$6.err"
    case "$status" in
        200|201)
            outcome=ok
            say "${message:-uploaded $2}"
            ;;
        401|403)
            say "the server refused the API key (HTTP $status): ${message:-check PRINTSTASH_API_KEY}."
            ;;
        400|404|413|415)
            outcome=rejected
            say "the server did not take '$2' (HTTP $status): $message"
            ;;
        *)
            if [ $curl_exit -ne 0 ]; then
                say "could not reach $url (${curl_error:-curl exit $curl_exit})."
            else
                say "the server answered HTTP $status: ${message:-no details}."
            fi
            ;;
    esac
}

# Keeps a copy (and what it was meant to be) until the next run can upload it.
spool() {
    id="$(date -u '+%Y%m%d%H%M%S')-$$"
    if ! mkdir -p -- "$spool_dir" || ! cp -- "$1" "$spool_dir/$id.part"; then
        rm -f -- "$spool_dir/$id.part"
        say "could not keep a copy in $spool_dir either; '$2' was NOT uploaded (the G-code itself is fine)."
        return
    fi
    printf '%s\n' "$2" > "$spool_dir/$id.name"
    printf '%s\n' "$3" > "$spool_dir/$id.model"
    printf '%s\n' "$4" > "$spool_dir/$id.collection"
    cp -- "$5" "$spool_dir/$id.tags"
    mv -- "$spool_dir/$id.part" "$spool_dir/$id.gcode"
    say "kept '$2' in $spool_dir; it is uploaded on the next export or with: $0 --flush"
}

flush_spool() {
    for spooled in "$spool_dir"/*.gcode; do
        [ -f "$spooled" ] || continue
        id=${spooled%.gcode}
        upload "$spooled" "$(cat "$id.name" 2>/dev/null)" "$(cat "$id.model" 2>/dev/null)" "$(cat "$id.collection" 2>/dev/null)" "$id.tags"
        case "$outcome" in
            ok|rejected) rm -f -- "$spooled" "$id.name" "$id.model" "$id.collection" "$id.tags" ;;
            *) return ;;
        esac
    done
}

if [ "$flush_only" = 1 ]; then
    flush_spool
    exit 0
fi

if [ -z "$gcode" ] || [ ! -f "$gcode" ]; then
    say "no G-code file given (the slicer passes it as the last argument); nothing uploaded."
    exit 0
fi

name=${SLIC3R_PP_OUTPUT_NAME:-$gcode}
name=${name##*/}
name=${name##*\\}
tags_file=$(mktemp "${TMPDIR:-/tmp}/printstash-tags.XXXXXX") || exit 0
{
    slicer_tag_lines
    printf '%s\n' "$extra_tags" | tr ',' '\n' | sed 's/^[[:space:]]*//; s/[[:space:]]*$//' | grep -v '^$'
} > "$tags_file" 2>/dev/null

upload "$gcode" "$name" "$model" "$collection" "$tags_file"
case "$outcome" in
    ok) flush_spool ;;
    retry) spool "$gcode" "$name" "$model" "$collection" "$tags_file" ;;
esac
rm -f -- "$tags_file"
exit 0
