#!/bin/bash
# The packed workload's training, the step written out by hand (old, 82a8af4) against Trainer<float>.Step over
# PackedBatches (new), alternated in one run, one thread, with TorchSharp in each.
OLD=/tmp/prev/bench/Recurrent.Bench/bin/Release/net10.0/Recurrent.Bench
NEW=/work/main/bench/Recurrent.Bench/bin/Release/net10.0/Recurrent.Bench
for pass in 1 2; do
  if [ $pass -eq 1 ]; then order="old new"; else order="new old"; fi
  for side in $order; do
    bin=$OLD; [ $side = new ] && bin=$NEW
    $bin --workload packed --modes train --threads 1 --seconds 1 --rounds 1 --no-memory --csv $side-packed-train-p$pass.csv > /dev/null 2>> log.txt
    echo "$(date +%T) pass $pass $side done load=$(cut -d' ' -f1 /proc/loadavg)" >> log.txt
  done
done
