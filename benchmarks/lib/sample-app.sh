# Functions shared by the benchmark scripts that run the sample app and measure it with wrk
# on loopback: start and stop the app, read its actuator, run wrk, summarise ratios.
# Source it from the repository root, with PORT, WORK and CONNECTIONS set; it sets APP.

now() { date +%s.%N; }

# The sample's actuator is behind its demo login; each run has a password of its own.
WORK_PASSWORD="bench-$RANDOM$RANDOM"
APP=""

# Starts the sample app on $PORT with the benchmark's settings and "$@" (and $APP_ARGS),
# waits until it answers, and logs in to its actuator. Usage: start_app <log> [args...]
start_app() {
  local log="$1"; shift
  # Started with the JVM, JFR costs the warmed-up code nothing (started later with jcmd it
  # made the JVM recompile under load); PROFILE_OPTS holds its option when profiling.
  # wrk repeats one body, which duplicate suppression would answer cheaply, so it is off;
  # the sample's own database handler is off too: the figures are the collector's.
  java -Xms512m -Xmx512m ${PROFILE_OPTS:-} ${JAVA_OPTS:-} -jar "${APP_JAR:-$(ls sample-app/target/sample-app-*.jar | head -1)}" \
    --server.port="$PORT" --server.address=127.0.0.1 --unisights.delivery.dedupe.enabled=false \
    --sample.store.enabled=false --sample.demo.port=-1 --logging.level.io.unisights.sample=WARN \
    --sample.secrets-file="$WORK/secrets.properties" --spring.security.user.password="$WORK_PASSWORD" \
    "$@" ${APP_ARGS:-} >"$log" 2>&1 &
  APP=$!
  local up=""
  for _ in $(seq 1 180); do
    curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/sample/baseline" -d x && { up=1; break; }
    kill -0 "$APP" 2>/dev/null || break
    sleep 1
  done
  [ -n "$up" ] || { echo "the app did not start:" >&2; tail -50 "$log" >&2; exit 1; }
  login
}

stop_app() {
  kill "$APP"; wait "$APP" 2>/dev/null || true; APP=""
}

# One session for every actuator call: with HTTP basic every call would check the password
# with BCrypt (Spring Security upgrades the demo user's password to it at the first login),
# tens of milliseconds of CPU per call taken from the work being timed.
login() {
  rm -f "$WORK/cookies"
  local csrf
  csrf=$(curl -sf -c "$WORK/cookies" -b "$WORK/cookies" "http://127.0.0.1:$PORT/login" \
    | sed -n 's/.*name="_csrf"[^>]*value="\([^"]*\)".*/\1/p' | head -1)
  curl -sf -o /dev/null -c "$WORK/cookies" -b "$WORK/cookies" --data-urlencode "username=demo" \
    --data-urlencode "password=$WORK_PASSWORD" --data-urlencode "_csrf=$csrf" "http://127.0.0.1:$PORT/login"
  curl -sf -o /dev/null -b "$WORK/cookies" "http://127.0.0.1:$PORT/actuator/metrics" \
    || { echo "could not log in to the sample's actuator" >&2; exit 1; }
}

# A meter's statistic, as a whole number, and how long after the call began the answer
# came ("value seconds"); "-" for a meter the app does not have.
# Usage: metric <name> <statistic: VALUE, COUNT>
metric() {
  local out value
  out=$(curl -sf -b "$WORK/cookies" -w ' %{time_starttransfer}' "http://127.0.0.1:$PORT/actuator/metrics/$1" || true)
  value=$(echo "$out" | sed -n "s/.*\"statistic\":\"$2\",\"value\":\([0-9.E+-]*\).*/\1/p" | awk '{printf "%d", $1}')
  echo "${value:--} ${out##* }"
}

# CPU ticks (utime + stime, 1/CLK_TCK s) used so far by the app and by the processes
# "$CPU_ALSO" prints (the database or broker the app writes to, on the same cores).
cpu_ticks() {
  local total=0 pid ticks
  for pid in "$APP" $( [ -n "${CPU_ALSO:-}" ] && "$CPU_ALSO"); do
    ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + ${ticks:-0}))
  done
  echo "$total"
}

# Methods the JIT has compiled in the app so far (C1 and C2).
compiled() { jstat -compiler "$APP" 2>/dev/null | awk 'NR == 2 {print $1}'; }

# Warms a fresh JVM until its JIT has settled, in passes of both bodies (20 s each, WARMUP),
# each body followed by <drain> so that what it queued is delivered before the measured
# runs. At least two passes; then more while the last pass compiled SETTLED (150) methods or
# more, at most WARM_PASSES (6) in all. A fixed warm-up does not do: on two cores a store's
# mode is still compiling its database code when sync mode has settled (a compilation log,
# -Xlog:jit+compilation, showed H2 mode at 300-900 compilations per 10 s at 80-110 s of
# uptime and sync mode at 20-60; async-profiler gave the compiler threads a quarter of H2
# mode's CPU at 72 s), so a fixed time measures the modes in different states. Appends
# "<label>: warmed <passes> passes (<seconds> s), <methods> compiled in the last" to
# $WORK/warmups. Usage: warm <drain command> <label>
warm() {
  local passes=0 before after began
  began="$(now)"
  before=$(compiled)
  # Without a count every pass would read as settled.
  [ -n "$before" ] || { echo "jstat -compiler gave no count for the app: run the benchmark with a JDK's jstat on the PATH" >&2; exit 1; }
  while true; do
    for body in plain-1 plain-100; do
      BODY="$WORK/$body.json" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-20}s" -s benchmarks/load/post.lua \
        "http://127.0.0.1:$PORT/events" >/dev/null
      "$1" "$(now)" >/dev/null
    done
    passes=$((passes + 1))
    after=$(compiled)
    if [ "$passes" -ge "${WARM_PASSES:-6}" ] || { [ "$passes" -ge 2 ] && [ $((after - before)) -lt "${SETTLED:-150}" ]; }; then
      break
    fi
    before="$after"
  done
  echo "$2: warmed $passes passes ($(awk -v a="$began" -v b="$(now)" 'BEGIN {printf "%.0f", b - a}') s), $((after - before)) methods compiled in the last" >>"$WORK/warmups"
}

# One measured wrk run of <body> against /events; appends "round mode events accepted
# run-s drain-s backlog p50 p99 refused cpu-us" to $WORK/results (cpu-us: CPU of the app,
# and of what $CPU_ALSO names, per accepted beacon, over the run and the drain), the drain measured by <drain>,
# which prints the seconds from its argument until the app delivered what it accepted, and
# the items waiting when it began ("seconds backlog").
# Usage: measure_run <round> <mode> <events> <body> <drain command>
measure_run() {
  local round="$1" mode="$2" events="$3" body="$4" drain="$5" out requests non2xx seconds drained ended ticks
  ticks=$(cpu_ticks)
  out=$(BODY="$body" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s benchmarks/load/post.lua \
    "http://127.0.0.1:$PORT/events")
  ended="$(now)"
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  seconds=$(echo "$out" | awk '/requests in/ {sub(/s,$/, "", $4); print $4}')
  # A full queue or an unavailable store answers 503: those beacons were refused, not accepted.
  non2xx=$(echo "$out" | awk '/Non-2xx or 3xx responses/ {print $5}')
  drained=$("$drain" "$ended")
  ticks=$(( $(cpu_ticks) - ticks ))
  echo "$round $mode $events $((requests - ${non2xx:-0})) $seconds $drained \
$(echo "$out" | awk '$1=="50%" {print $2}') $(echo "$out" | awk '$1=="99%" {print $2}') ${non2xx:-0} \
$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$((requests - ${non2xx:-0}))" 'BEGIN {printf "%.0f", (n > 0) ? t / hz * 1e6 / n : 0}')" >>"$WORK/results"
}

# The table of $WORK/results, each sustained rate (accepted / (run + drain)) beside its
# ratio to <baseline>'s in the same round and body, then min / median / max of the ratios
# per mode and body. Usage: summarise <baseline mode>
summarise() {
  echo "round mode   events accepted refused  run-s drain-s backlog sustained/s answered/s   x-$1      p50      p99 cpu-us"
  awk -v base_mode="$1" '{ key = $1 " " $3; sustained = $4 / ($5 + $6); rate[key " " $2] = sustained; line[NR] = $0; s[NR] = sustained }
    END { for (i = 1; i <= NR; i++) { split(line[i], f, " "); base = rate[f[1] " " f[3] " " base_mode];
        printf "%5s %-6s %6s %8d %7d %6.2f %7.2f %7d %11.0f %10.0f %6s %8s %8s %6d\n", f[1], f[2], f[3], f[4], f[10], f[5], f[6],
          f[7], s[i], f[4] / f[5], base ? sprintf("%.2f", s[i] / base) : "-", f[8], f[9], f[11] } }' "$WORK/results"
  echo
  echo "x $1, sustained, per mode and body (min / median / max over the rounds):"
  awk -v base_mode="$1" '{ r = $4 / ($5 + $6); rate[$1 " " $3 " " $2] = r; modes[$2] = 1; bodies[$3] = 1; rounds[$1] = 1 }
    END { for (m in modes) for (b in bodies) { n = 0; for (r in rounds) { base = rate[r " " b " " base_mode]; v = rate[r " " b " " m];
          if (base && v) x[++n] = v / base }
        if (n == 0) continue
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
        printf "%-6s %3s events: %.2f / %.2f / %.2f\n", m, b, x[1], (n % 2) ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2, x[n] } }' \
    "$WORK/results" | sort
  if [ -s "$WORK/warmups" ]; then
    echo
    echo "warm-up of each app (until a pass compiled fewer than ${SETTLED:-150} methods, ${WARM_PASSES:-6} passes at most):"
    cat "$WORK/warmups"
  fi
}
