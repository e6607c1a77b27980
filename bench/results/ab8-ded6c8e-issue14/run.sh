#!/bin/bash
# Alternated before/after runs of the TorchSharp comparison (ded6c8e = before this session, HEAD = after issue 14).
OLD=/tmp/before/bench/Recurrent.Bench/bin/Release/net10.0/Recurrent.Bench
NEW=/work/main/bench/Recurrent.Bench/bin/Release/net10.0/Recurrent.Bench
for pass in ${PASSES:-1 2}; do
  if [ $((pass % 2)) -eq 1 ]; then order="old new"; else order="new old"; fi
  for side in $order; do
    bin=$OLD; [ $side = new ] && bin=$NEW
    $bin --configs lstm-1x128 --modes train,generate,infer --threads 1 --seconds 1 --rounds 3 --no-memory --csv $side-lstm-1x128-p$pass.csv > /dev/null 2>> log.txt
    echo "$(date +%T) pass $pass $side done load=$(cut -d' ' -f1 /proc/loadavg)" >> log.txt
  done
done
