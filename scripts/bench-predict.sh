#!/usr/bin/env bash
# make bench-predict: `distillery predict` over generated corpora of 10,000 and 100,000 texts
# (BENCH_PREDICT_TEXTS, space-separated), with the tfidf-logreg student a small local job trains
# first (`distillery run`, simulated teacher, generated two-topic task). Prints documents/s and
# the predicting process's peak resident set (VmHWM): the same at both sizes when memory is flat.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
sizes=${BENCH_PREDICT_TEXTS:-10000 100000}
work=$(mktemp -d "${TMPDIR:-/tmp}/distillery-bench-predict.XXXXXX")
trap 'rm -rf "$work"' EXIT

dotnet build services/Distillery.Cli -c Release -v quiet -nologo >/dev/null
cli=(dotnet "$repo/services/Distillery.Cli/bin/Release/net10.0/distillery.dll")

python3 - "$work" $sizes <<'PY'
import json, random, sys
work, sizes = sys.argv[1], [int(n) for n in sys.argv[2:]]
sport = "goal match team score league coach player season striker cup final transfer".split()
money = "bank market stock price loan interest profit budget tax shares bond inflation".split()
common = "the a today report new week city said on after of in for with".split()
def text(rng, topic):
    other = money if topic is sport else sport
    words = [rng.choice(topic) if r < 0.5 else rng.choice(other) if r < 0.7 else rng.choice(common)
             for r in (rng.random() for _ in range(rng.randint(8, 40)))]
    return " ".join(words)
rng = random.Random(1)
with open(f"{work}/documents.jsonl", "w") as out:
    for i in range(3000):
        topic = sport if i % 2 == 0 else money
        out.write(json.dumps({"id": f"t{i}", "text": text(rng, topic), "label": "sport" if topic is sport else "money"}) + "\n")
for n in sizes:
    with open(f"{work}/corpus-{n}.jsonl", "w") as out:
        for i in range(n):
            out.write(json.dumps({"id": f"d{i}", "text": text(rng, sport if rng.random() < 0.5 else money)}) + "\n")
PY

cat >"$work/task.yaml" <<'YAML'
name: topics
codebook:
  instructions: Is the text about sport or about money? Answer with the label only.
  labels:
    - name: sport
      definition: Games, teams, players.
    - name: money
      definition: Banks, markets, prices.
  positive_label: sport
data:
  path: documents.jsonl
splits:
  validation: 300
  training_pool: 2000
  test: 600
seed: 5
YAML
cat >"$work/job.yaml" <<'YAML'
name: bench-predict
seed: 5
output: out
tasks:
  - file: task.yaml
teacher:
  kind: simulated
  false_positive_rate: 0.05
  false_negative_rate: 0.05
students:
  - kind: tfidf-logreg
    C: 10
arms: [human-student, teacher-student, teacher]
bootstrap:
  resamples: 100
YAML

"${cli[@]}" run "$work/job.yaml" --out "$work/out" >"$work/run.log" 2>&1 || { cat "$work/run.log"; exit 1; }
model=$(ls "$work"/out/students/*.model | head -1)
echo "student: $model (tfidf-logreg, trained by distillery run)"
printf '%-10s %12s %12s %14s\n' texts seconds docs/s "peak RSS MiB"
for n in $sizes; do
  "${cli[@]}" predict --model "$model" "$work/corpus-$n.jsonl" -o "$work/predictions-$n.jsonl" --verbose 2>"$work/predict-$n.log"
  summary=$(tail -1 "$work/predict-$n.log")
  lines=$(wc -l <"$work/predictions-$n.jsonl")
  [ "$lines" -eq "$n" ] || { echo "expected $n predictions, found $lines: $summary" >&2; exit 1; }
  seconds=$(sed -E 's/.* in ([0-9.]+) s .*/\1/' <<<"$summary")
  rate=$(sed -E 's/.*\(([0-9]+) documents\/s\).*/\1/' <<<"$summary")
  rss=$(sed -E 's/.*peak RSS ([0-9.]+) MiB.*/\1/' <<<"$summary")
  printf '%-10s %12s %12s %14s\n' "$n" "$seconds" "$rate" "$rss"
done
