#!/usr/bin/env bash
# Measures how long perfbot takes to start (to its last start-up line, wall clock and CPU time, which
# depends less on what else the machine runs) and how much memory it holds idle, for the built bot (`node dist/main.js`) and for `npm start` (tsx). Each run restarts perfbot
# on the same SQLite database, already migrated and seeded by a first run, as a restart in production.
# Usage: scripts/measure-start.sh [runs]   (needs `npm run build` first; Linux /proc)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
idle=${IDLE_SECONDS:-10}
[ -f dist/main.js ] || { echo "measure-start: dist/main.js is missing: run npm run build first" >&2; exit 1; }
dir=$(mktemp -d /tmp/perfbot-measure.XXXXXX)
trap 'rm -rf "$dir"' EXIT
export DATABASE_URL="file:$dir/perfbot.db" PERFBOT_LOCAL_PORT=0 PERFBOT_LOCAL_CHAT=on NO_COLOR=1
export SLACK_BOT_TOKEN= SLACK_SIGNING_SECRET= TELEGRAM_BOT_TOKEN=

# Sum of VmRSS (kB) of a process and all its descendants.
tree_rss() {
  local pid=$1 total=0 child
  total=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do total=$((total + $(tree_rss "$child"))); done
  echo "$total"
}

# CPU seconds (user + system) used so far by a process and all its live descendants.
tree_cpu() {
  local pid=$1 ticks child
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do ticks=$((ticks + $(tree_cpu "$child"))); done
  echo "$ticks"
}

# One start: prints "seconds-to-ready cpu-seconds-to-ready bot-process-rss-MB process-tree-rss-MB".
measure() {
  local log="$dir/out.log" start ready pid bot cpu
  : >"$log"
  start=$(date +%s.%N)
  setsid "$@" >"$log" 2>&1 &
  pid=$!
  until grep -q 'Ctrl+C' "$log"; do
    kill -0 "$pid" 2>/dev/null || { echo "measure-start: perfbot exited:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.05
  done
  ready=$(date +%s.%N)
  cpu=$(echo "scale=1; $(tree_cpu "$pid") / $(getconf CLK_TCK)" | bc)
  sleep "$idle"
  # The bot is the node process that listens (for npm start: the deepest node under npm and tsx).
  bot=$(pgrep -s "$pid" -n node || echo "$pid")
  echo "$(echo "scale=1; ($ready - $start) / 1" | bc) $cpu $(( $(awk '/^VmRSS/ {print $2}' /proc/"$bot"/status) / 1024 )) $(( $(tree_rss "$pid") / 1024 ))"
  kill -TERM -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

measure node dist/main.js >/dev/null # first run: migrations and the demo plan, not measured
echo "uptime: $(uptime)"
echo "way            start-up(s)  CPU to ready(s)  bot RSS(MB)  process tree RSS(MB)"
for i in $(seq "$runs"); do
  echo "node dist      $(measure node dist/main.js)"
  echo "npm start      $(measure npm start --silent)"
done
