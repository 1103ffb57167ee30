#!/usr/bin/env bash
# Produce talentflow's outputs at a git ref (BEFORE) and in the current working tree
# (AFTER), and compare them with scripts/compare-outputs.mjs (counts exact, other numbers
# to 1e-10 relative, the added `df` column allowed; see that script's header).
#
#   scripts/compare-refs.sh REF [OUTDIR]
#
#   REF     a git ref (commit, branch, tag), or a folder of prebuilt BEFORE outputs holding
#           demo/, report-world/ and real/ (e.g. /tmp/baseline): then only AFTER is run.
#   OUTDIR  where outputs, logs and summaries go (default .cache/compare/<ref>); the
#           outputs are OUTDIR/{before,after}/{demo,report-world,real}.
#
# The three studies, each run by the public CLI (`node bin/talentflow.mjs …`) of each side:
#   demo          the demo's synthetic world (200,000 users, seed 20251205, `synth`),
#                 studied as `talentflow demo` does: `run --data WORLD --from 2010` (at
#                 7a7b258 its outputs equal `talentflow demo --out DIR`'s, cell for cell)
#   report-world  test/fixtures/report-world's study: world of 40,000 users, seed 20251205,
#                 `run --data WORLD --from 2010`, one DuckDB thread (as make.ts)
#   real          the real-data study on the shipped surveys: `demo-real --out DIR`
# Each world is generated once (by the BEFORE side, or by AFTER when REF is a folder) into
# WORLDS and read by both sides; CHECK_WORLDS=1 also generates it with the AFTER
# side and fails unless the two worlds are byte-identical.
#
# Environment:
#   THREADS=N        DuckDB threads of the demo and real studies (default 1; 0 = DuckDB's
#                    default, one per core). Parallel float sums in DuckDB are not
#                    reproducible in their last bits (two demo runs of 7a7b258 on 2 threads
#                    differed in ~1,000 regression cells by up to 1.5e-8 relative; on one
#                    thread they are identical), so compare at a fixed count. talentflow
#                    has no --threads flag: the count is pinned by a preload module
#                    (NODE_OPTIONS=--import …) that sets `threads` on every
#                    DuckDBInstance.create of @duckdb/node-api.
#   STUDIES="demo report-world real"   which studies to run
#   COMPARE_ARGS="--allow-added df,contract"   arguments of compare-outputs.mjs (default:
#                    the df columns and the manifest's `contract` key of output contract
#                    version 2 may be added)
#   KEEP_WORKTREE=1  keep the temporary worktree of REF (printed)
#   CHECK_WORLDS=1   see above
#   WORLDS=DIR       where worlds are generated and looked for (default OUTDIR/worlds); a
#                    world folder holding .complete is reused, e.g. from an earlier OUTDIR
#
# The AFTER side's node_modules must match its package.json (`npm ls --all`); the REF side
# gets an `npm ci`, or a link to AFTER's node_modules when the lock files are the same.
# The per-side steps are the functions side_prepare, gen_world, study_demo,
# study_report_world and study_real below: change them there when a command moves
# (e.g. when bin/ starts running a build in dist/, which `npm ci` makes via `prepare`).
# Exit: 0 when every comparison passes, 1 on any difference, 2 on a usage error.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 && $1 != -h && $1 != --help ]] || usage

ROOT=$(git rev-parse --show-toplevel)
cd "$ROOT"
REF=$1
THREADS=${THREADS:-1}
STUDIES=${STUDIES:-demo report-world real}
COMPARE_ARGS=${COMPARE_ARGS:---allow-added df,contract}
DEMO_WORLD=(200000 20251205) # users seed: DEFAULT_WORLD of src/synth/index.ts
FIXTURE_WORLD=(40000 20251205) # WORLD of test/fixtures/report-world/make.ts
FROM=2010                    # DEMO_FROM of src/cli/demo.ts, OPTIONS of make.ts

if [[ -d $REF ]]; then
  PREBUILT=$(cd "$REF" && pwd)
  TAG=prebuilt-$(basename "$PREBUILT")
else
  PREBUILT=
  SHA=$(git rev-parse --verify "$REF^{commit}") || { echo "compare-refs: $REF is neither a folder nor a git ref" >&2; exit 2; }
  TAG=${SHA:0:12}
fi
OUT=${2:-$ROOT/.cache/compare/$TAG}
mkdir -p "$OUT/logs"
OUT=$(cd "$OUT" && pwd)
WORLDS=${WORLDS:-$OUT/worlds}
mkdir -p "$WORLDS"
log() { printf '[compare-refs %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# --- DuckDB thread pin: a preload module, so no side needs a --threads flag -------------
PIN=$OUT/duckdb-threads.mjs
cat >"$PIN" <<'EOF'
// Preloaded with NODE_OPTIONS=--import: every DuckDB instance gets TALENTFLOW_PIN_THREADS threads.
import { createRequire } from 'node:module';
const n = process.env.TALENTFLOW_PIN_THREADS;
if (n && n !== '0') {
  const { DuckDBInstance } = createRequire(process.cwd() + '/')('@duckdb/node-api');
  const create = DuckDBInstance.create;
  let said = false;
  DuckDBInstance.create = function (path, options) {
    if (!said) process.stderr.write(`[compare-refs] DuckDB threads pinned to ${n}\n`);
    said = true;
    return create.call(this, path, { ...(options ?? {}), threads: String(n) });
  };
}
EOF
# Run the CLI of side DIR with N DuckDB threads: with_threads N DIR args…
with_threads() {
  local n=$1 dir=$2
  shift 2
  (cd "$dir" && TALENTFLOW_PIN_THREADS=$n NODE_OPTIONS="${NODE_OPTIONS:-} --import=\"$PIN\"" node bin/talentflow.mjs "$@")
}

# --- per-side steps ------------------------------------------------------------------
# Make side DIR runnable: node_modules (npm ci, or a link to this tree's when
# package-lock.json is the same) and the build, if the side has one.
# `npm ls --all` checks that the installed packages are the ones the side's package.json
# and lock ask for (a shared node_modules may have moved on since).
modules_ok() { (cd "$1" && npm ls --all >/dev/null 2>&1); }
side_prepare() {
  local dir=$1
  if [[ $dir == "$ROOT" ]]; then
    modules_ok "$dir" || { log "node_modules of $dir does not match its package.json (npm ls --all): run npm ci there"; exit 1; }
    return
  fi
  if [[ ! -e $dir/node_modules ]] && cmp -s "$dir/package-lock.json" "$ROOT/package-lock.json" && [[ -d $ROOT/node_modules ]]; then
    ln -s "$(cd "$ROOT/node_modules" && pwd -P)" "$dir/node_modules"
    if modules_ok "$dir"; then
      log "$dir: package-lock.json as here, node_modules linked"
      # A linked node_modules skips npm ci's `prepare`: run it (no-op when absent).
      (cd "$dir" && npm run --if-present prepare) >>"$OUT/logs/prepare.log" 2>&1
      return
    fi
    rm "$dir/node_modules"
  fi
  if [[ ! -e $dir/node_modules ]]; then
    log "$dir: npm ci"
    (cd "$dir" && npm ci --no-audit --no-fund) >>"$OUT/logs/prepare.log" 2>&1
  fi
}
# gen_world SIDE_DIR USERS SEED → prints the world folder (generated once per OUTDIR).
gen_world() {
  local dir=$1 users=$2 seed=$3 w=$WORLDS/$3-$2
  if [[ ! -f $w/.complete ]]; then
    log "world $seed-$users: generating with $dir"
    rm -rf "$w"
    with_threads 0 "$dir" synth --out "$w" --users "$users" --seed "$seed" >>"$OUT/logs/worlds.log" 2>&1
    touch "$w/.complete"
  fi
  echo "$w"
}
study_demo() { # SIDE_DIR WORLD OUT
  with_threads "$THREADS" "$1" run --data "$2" --out "$3" --from "$FROM"
}
study_report_world() { # SIDE_DIR WORLD OUT
  with_threads 1 "$1" run --data "$2" --out "$3" --from "$FROM"
}
study_real() { # SIDE_DIR OUT
  with_threads "$THREADS" "$1" demo-real --out "$2" --format csv
}

# run_side NAME DIR: every study of STUDIES into OUT/NAME/<study>.
run_side() {
  local name=$1 dir=$2 s t0
  side_prepare "$dir"
  for s in $STUDIES; do
    t0=$SECONDS
    log "$name: $s"
    rm -rf "${OUT:?}/$name/$s"
    mkdir -p "$OUT/$name"
    case $s in
      demo) study_demo "$dir" "$(gen_world "$dir" "${DEMO_WORLD[@]}")" "$OUT/$name/$s" ;;
      report-world) study_report_world "$dir" "$(gen_world "$dir" "${FIXTURE_WORLD[@]}")" "$OUT/$name/$s" ;;
      real) study_real "$dir" "$OUT/$name/$s" ;;
      *) echo "compare-refs: unknown study $s" >&2; exit 2 ;;
    esac >>"$OUT/logs/$name-$s.log" 2>&1 || { log "$name: $s FAILED, see $OUT/logs/$name-$s.log"; exit 1; }
    log "$name: $s done in $((SECONDS - t0)) s"
  done
}

# --- BEFORE --------------------------------------------------------------------------
if [[ -n $PREBUILT ]]; then
  BEFORE=$PREBUILT
  log "BEFORE: prebuilt outputs in $BEFORE"
else
  WT=$(mktemp -d "${TMPDIR:-/tmp}/talentflow-ref-XXXXXX")
  # shellcheck disable=SC2317 # called by the trap
  cleanup() {
    if [[ -n ${KEEP_WORKTREE:-} ]]; then log "worktree kept: $WT"; else git -C "$ROOT" worktree remove --force "$WT" 2>/dev/null || rm -rf "$WT"; fi
  }
  trap cleanup EXIT
  git worktree add --detach "$WT" "$SHA" >/dev/null 2>&1
  log "BEFORE: $REF ($TAG) in $WT"
  run_side before "$WT"
  BEFORE=$OUT/before
fi

# --- AFTER: the current working tree -------------------------------------------------
log "AFTER: working tree $ROOT ($(git describe --always --dirty))"
if [[ -n ${CHECK_WORLDS:-} ]]; then
  for spec in "${DEMO_WORLD[*]}" "${FIXTURE_WORLD[*]}"; do
    read -r users seed <<<"$spec"
    w=$(gen_world "$ROOT" "$users" "$seed")
    rm -rf "$WORLDS/check" && with_threads 0 "$ROOT" synth --out "$WORLDS/check" --users "$users" --seed "$seed" >>"$OUT/logs/worlds.log" 2>&1
    diff -r -x .complete "$w" "$WORLDS/check" >/dev/null || { log "world $seed-$users differs between the sides"; exit 1; }
    log "world $seed-$users: identical on both sides"
  done
  rm -rf "$WORLDS/check"
fi
run_side after "$ROOT"

# --- compare -------------------------------------------------------------------------
status=0
for s in $STUDIES; do
  log "compare $s"
  # shellcheck disable=SC2086
  node "$ROOT/scripts/compare-outputs.mjs" "$BEFORE/$s" "$OUT/after/$s" $COMPARE_ARGS | tee "$OUT/compare-$s.txt" || status=1
done
log "$( ((status == 0)) && echo 'no differences' || echo 'DIFFERENCES found') (summaries: $OUT/compare-*.txt)"
exit $status
