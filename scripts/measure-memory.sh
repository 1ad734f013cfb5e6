#!/usr/bin/env bash
# Peak memory (resident set) of the README's "Peak memory" table, measured again:
#   scripts/measure-memory.sh [WORK_FOLDER]
# Builds the release binary and the corpus examples, writes the corpora into WORK_FOLDER
# (default: a temporary folder), and prints one line per row: what, peak MiB, seconds.
# Commands are measured with GNU time (%M); the window with VmHWM from /proc after 20 s
# under Xvfb (skipped, said so, without Xvfb).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
cd "$root"
cargo build --release --quiet --bin press-annotate --example agreement_corpus --example long_corpus
bin="$root/target/release/press-annotate"
corpus="$root/target/release/examples/agreement_corpus"

[ -d "$work/long" ] || "$corpus" "$work/long" 1 5 1000000 20000 >/dev/null
[ -d "$work/c2000" ] || "$corpus" "$work/c2000" 2000 11 >/dev/null
[ -d "$work/c10k" ] || "$corpus" "$work/c10k" 10000 11 3000 10 >/dev/null

measure_time() { # what, command... (GNU time's own line, the command's output dropped)
    local what="$1"; shift
    local line
    line=$( (/usr/bin/time -f "TIME %M %e" "$@" >/dev/null 2>/tmp/measure-memory.err) 2>&1; grep '^TIME' /tmp/measure-memory.err | tail -1)
    read -r _ kib secs <<<"$line"
    printf '%s\t%d MiB\t%s s\n' "$what" $((kib / 1024)) "$secs"
}

measure_time "suggest --json on the 1 MB / 20,000 article (alice's set)" \
    "$bin" suggest --json --annotator alice "$work/long/article-0000.txt"
measure_time "validate on that folder (three sets of 20,000)" "$bin" validate "$work/long"
measure_time "validate on 10,000 articles x 3 annotators" "$bin" validate "$work/c10k"
measure_time "stats on 10,000 articles x 3 annotators" "$bin" stats "$work/c10k"
measure_time "agree on 2,000 articles x 3 annotators" "$bin" agree "$work/c2000"
measure_time "agree on 10,000 articles x 3 annotators" "$bin" agree "$work/c10k"

window_peak() { # what, args...
    local what="$1"; shift
    if ! command -v Xvfb >/dev/null; then
        printf '%s\tskipped: no Xvfb\n' "$what"
        return
    fi
    local display=:57
    Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
    local xvfb=$!
    sleep 1
    DISPLAY="$display" "$bin" "$@" >/dev/null 2>&1 &
    local app=$!
    sleep 20
    local hwm
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$app/status" 2>/dev/null || echo 0)
    kill "$app" 2>/dev/null || true
    kill "$xvfb" 2>/dev/null || true
    wait 2>/dev/null || true
    printf '%s\t%d MiB\t(after 20 s)\n' "$what" $((hwm / 1024))
}
window_peak "the window on the 1 MB article, alice's 20,000 annotations, suggestions on" \
    --annotator alice "$work/long/article-0000.txt"
window_peak "the window on the 10,000 x 3 folder" "$work/c10k"
