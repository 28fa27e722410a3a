#!/usr/bin/env bash
# Benchmark: pilotti log against git log on the same repository.
# Builds a series history of COMMITS revisions over 14 regions x 2 models
# (with git fast-import), then times each path query RUNS times with both
# tools and prints the ratio pilotti/git.  Usage:
#   tests/bench/log.sh PILOTTI [COMMITS] [RUNS]
set -eu
pilotti=$1
commits=${2:-5000}
runs=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME=$work
git init -q --bare -b main "$work/repo.git"

regions="helsinki vantaa-kerava ita-uusimaa varsinais-suomi satakunta pirkanmaa paijat-hame kymenlaakso etela-savo pohjois-karjala keski-suomi pohjanmaa pohjois-pohjanmaa lappi"
models="etsiva-sosiaalityo sosiaalinen-kuntoutus"
{
  t=1650000000
  for i in $(seq 1 "$commits"); do
    set -- $regions
    shift $(( i % 14 ))
    r=$1
    m=etsiva-sosiaalityo
    [ $(( i % 3 )) -eq 0 ] && m=sosiaalinen-kuntoutus
    body="{\"revision\": $i}"
    echo "commit refs/heads/main"
    echo "committer Bench <bench@thl.example> $(( t + i * 60 )) +0000"
    echo "data 8"
    echo "revision"
    echo "M 100644 inline regions/$r/$m/logic-model.json"
    echo "data ${#body}"
    echo "$body"
  done
} | git -C "$work/repo.git" fast-import --quiet

now() { date +%s%N; }
time_runs() { # CMD... -> milliseconds per run
  local start end
  start=$(now)
  for _ in $(seq 1 "$runs"); do "$@" >/dev/null; done
  end=$(now)
  echo $(( (end - start) / 1000000 / runs ))
}

printf '%-40s %10s %10s %8s\n' "query ($commits revisions)" "pilotti ms" "git ms" "ratio"
for p in lappi/etsiva-sosiaalityo helsinki pohjanmaa/sosiaalinen-kuntoutus ""; do
  if [ -n "$p" ]; then
    a=$(time_runs "$pilotti" -C "$work/repo.git" log "$p")
    b=$(time_runs git -C "$work/repo.git" log --format='%h %ad %an <%ae>%n    %s' -- "regions/$p")
  else
    a=$(time_runs "$pilotti" -C "$work/repo.git" log)
    b=$(time_runs git -C "$work/repo.git" log --format='%h %ad %an <%ae>%n    %s')
  fi
  ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  printf '%-40s %10s %10s %8s\n' "log ${p:-(whole series)}" "$a" "$b" "$ratio"
done
