#!/usr/bin/env bash
# Times bramble and SCRAM on the same Open-PSA models, one after the other in one run, and
# rewrites the scram section of a Markdown file with the figures.
#
# usage: scripts/bench-scram.sh BRAMBLE MODELS-FOLDER OUTPUT.md [RUNS]
#
# Each command runs under GNU time (/usr/bin/time), which reports wall time, user and system
# CPU time and the peak resident set size of the process. Bramble runs RUNS times (default 3)
# and the best wall time counts. SCRAM runs as often on the small models but once on das9701,
# where one run takes minutes. Needs bash, awk, GNU time and scram.
set -euo pipefail

bramble=$1
models=$2
output=$3
runs=${4:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for tool in /usr/bin/time scram awk; do
  command -v "$tool" >/dev/null || { echo "bench-scram: $tool not found; run make bench-scram, which installs it" >&2; exit 1; }
done
[ -x "$bramble" ] || { echo "bench-scram: $bramble is not an executable" >&2; exit 1; }
[ -f "$models/das9701.xml" ] || { echo "bench-scram: no Open-PSA models in $models; set OPEN_PSA_MODELS" >&2; exit 1; }

# measure NAME COMMAND...: runs the command under GNU time, appends "wall user+sys peakKB" to
# $work/NAME and fails when the command fails.
measure() {
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || {
    echo "bench-scram: failed: $*" >&2
    cat "$work/stderr" >&2
    exit 1
  }
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/time" >>"$work/$name"
}

# best NAME: the line with the lowest wall time of NAME's runs.
best() { sort -n -k1,1 "$work/$1" | head -n 1; }

# Bramble on a coherent model: import to a tree, then score it (exact probability, all minimal
# attack sets counted). The two processes' times are added, and the larger peak is kept.
bramble_score() {
  local name=$1
  shift
  local files=()
  for file in "$@"; do files+=("$models/$file"); done
  : >"$work/$name.import"
  : >"$work/$name.score"
  for _ in $(seq "$runs"); do
    measure "$name.import" "$bramble" import --from open-psa "${files[@]}" -o "$work/$name.bramble"
    measure "$name.score" "$bramble" score "$work/$name.bramble" --format json -o "$work/$name.json"
  done
  paste -d' ' <(best "$name.import") <(best "$name.score") |
    awk '{ printf "%.2f %.2f %d\n", $1 + $4, $2 + $5, ($3 > $6 ? $3 : $6) }' >"$work/$name.bramble-best"
  local count probability
  count=$(grep -m1 '"count"' "$work/$name.json" | tr -dc '0-9')
  probability=$(awk '/"goal"/ { goal = 1 } goal && /"likelihood": [0-9]/ { gsub(/[",]/, ""); print $2; exit }' "$work/$name.json")
  echo "$count sets, P = $probability" >"$work/$name.bramble-result"
}

# Bramble on das9701: minimal cut sets with an order limit, straight from the model.
bramble_cutsets() {
  local name=$1 order=$2
  : >"$work/$name.cutsets"
  for _ in $(seq "$runs"); do
    measure "$name.cutsets" "$bramble" cutsets --from open-psa "$models/das9701.xml" --max-order "$order" \
      --format json -o "$work/$name.json"
  done
  best "$name.cutsets" >"$work/$name.bramble-best"
  echo "$(grep -m1 '"count"' "$work/$name.json" | tr -dc '0-9') sets" >"$work/$name.bramble-result"
}

# scram_run NAME RUNS ARGUMENTS...: SCRAM with its default algorithm (BDD).
scram_run() {
  local name=$1 count=$2
  shift 2
  : >"$work/$name.scram"
  for _ in $(seq "$count"); do
    measure "$name.scram" scram "$@" -o "$work/$name.xml"
  done
  best "$name.scram" >"$work/$name.scram-best"
  local summary
  summary=$(grep -m1 -o '<sum-of-products[^>]*>' "$work/$name.xml")
  local products probability
  products=$(echo "$summary" | grep -o 'products="[0-9]*"' | tr -dc '0-9')
  probability=$(echo "$summary" | grep -o 'probability="[^"]*"' | cut -d'"' -f2 || true)
  echo "$products sets${probability:+, P = $probability}" >"$work/$name.scram-result"
}

load_before=$(cut -d' ' -f1 /proc/loadavg)

echo "bench-scram: Chinese" >&2
bramble_score chinese chinese.xml chinese-basic-events.xml
scram_run chinese "$runs" "$models/chinese.xml" "$models/chinese-basic-events.xml" --probability 1
echo "bench-scram: Baobab1" >&2
bramble_score baobab1 baobab1.xml baobab1-basic-events.xml
scram_run baobab1 "$runs" "$models/baobab1.xml" "$models/baobab1-basic-events.xml" --probability 1
for order in 3 4; do
  echo "bench-scram: das9701, order <= $order (SCRAM takes minutes)" >&2
  bramble_cutsets "das$order" "$order"
  scram_run "das$order" 1 "$models/das9701.xml" --limit-order "$order"
done

load_after=$(cut -d' ' -f1 /proc/loadavg)

# row NAME LABEL TASK: one table row with both tools' best figures and the ratios.
row() {
  local name=$1 label=$2 task=$3
  read -r bw bc bm <"$work/$name.bramble-best"
  read -r sw sc sm <"$work/$name.scram-best"
  awk -v label="$label" -v task="$task" -v bw="$bw" -v bc="$bc" -v bm="$bm" -v sw="$sw" -v sc="$sc" -v sm="$sm" \
    -v br="$(cat "$work/$name.bramble-result")" -v sr="$(cat "$work/$name.scram-result")" 'BEGIN {
      ratio_wall = bw > 0 ? sprintf("%.1f", sw / bw) : "n/a"
      ratio_cpu = bc > 0 ? sprintf("%.1f", sc / bc) : "n/a"
      printf "| %s | %s | %.2f | %.2f | %d | %.2f | %.2f | %d | %s | %s | %s | %s |\n",
        label, task, bw, bc, bm / 1024, sw, sc, sm / 1024, ratio_wall, ratio_cpu, br, sr
    }'
}

# goal NAME MINIMUM-RATIO: "met" when SCRAM's wall and CPU times are both at least the
# ratio times Bramble's.
ratio_met() {
  local name=$1 minimum=$2
  read -r bw bc _ <"$work/$name.bramble-best"
  read -r sw sc _ <"$work/$name.scram-best"
  awk -v bw="$bw" -v bc="$bc" -v sw="$sw" -v sc="$sc" -v m="$minimum" \
    'BEGIN { print ((sw >= m * bw && sc >= m * bc) ? "met" : "not met") }'
}

peak_below() {
  read -r _ _ bm <"$work/$1.bramble-best"
  awk -v bm="$bm" 'BEGIN { print (bm < 1000000 ? "met" : "not met") }'
}

section="$work/section.md"
{
  echo "<!-- bench:scram:start -->"
  echo "## Bramble and SCRAM on the same models"
  echo
  echo "\`make bench-scram\` installs SCRAM (Debian package \`scram\` $(dpkg-query -W -f='${Version}' scram 2>/dev/null))"
  echo "and GNU time if they are missing, builds \`bramble\` in release mode and runs"
  echo "\`scripts/bench-scram.sh\`. Both tools run as separate processes on the same files, one after"
  echo "the other, through their command lines. Bramble's side of Chinese and Baobab1 is \`bramble"
  echo "import --from open-psa\` followed by \`bramble score --format json\`. The score gives the exact"
  echo "goal probability in three views and counts every minimal attack set, and the two processes'"
  echo "times are added. Bramble's side of das9701 is \`bramble cutsets --from open-psa --max-order K"
  echo "--format json\`. SCRAM runs with its default algorithm (BDD), with \`--probability 1\` on"
  echo "Chinese and Baobab1 and \`--limit-order K\` on das9701."
  echo
  echo "Times are in seconds: the best of $runs runs (one SCRAM run on das9701). CPU is user plus"
  echo "system time. Peak is the largest resident set size that GNU time reports, in MiB. The ratios"
  echo "are SCRAM's time over Bramble's, so above 1 means Bramble is faster."
  echo
  echo "Machine: $(nproc) processors, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); measured on"
  echo "$(date -u +%Y-%m-%d), load average $load_before at the start and $load_after at the end. Other"
  echo "processes were running when the load average is above the processor count, and then the"
  echo "wall times are longer than the CPU times."
  echo
  echo "| model | task | Bramble wall | Bramble CPU | Bramble peak | SCRAM wall | SCRAM CPU | SCRAM peak | wall ratio | CPU ratio | Bramble result | SCRAM result |"
  echo "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|"
  row chinese "Chinese" "exact probability, all minimal sets"
  row baobab1 "Baobab1" "exact probability, all 46,188 minimal sets"
  row das3 "das9701" "minimal sets of order <= 3"
  row das4 "das9701" "minimal sets of order <= 4"
  echo
  echo "On das9701 the counts differ because SCRAM 0.16.2 loses sets at its order limit;"
  echo "\`docs/interchange.md\` shows that Bramble's sets are the ones the definition gives."
  echo
  echo "Goals:"
  echo
  echo "- Baobab1 no slower than SCRAM (wall and CPU): $(ratio_met baobab1 1)."
  echo "- das9701 at least 10 times faster than SCRAM, order <= 3: $(ratio_met das3 10); order <= 4: $(ratio_met das4 10)."
  echo "- das9701 under 1 GB of peak memory, order <= 3: $(peak_below das3); order <= 4: $(peak_below das4)."
  echo "<!-- bench:scram:end -->"
} >"$section"

# Replace the section between the markers, or append it when the file has none.
if grep -q '<!-- bench:scram:start -->' "$output"; then
  awk -v section="$section" '
    /<!-- bench:scram:start -->/ { while ((getline line < section) > 0) print line; skip = 1; next }
    /<!-- bench:scram:end -->/ { skip = 0; next }
    !skip { print }
  ' "$output" >"$work/output.md"
else
  { cat "$output"; echo; cat "$section"; } >"$work/output.md"
fi
cat "$work/output.md" >"$output"
cat "$section"
