#!/bin/bash
OLD=/tmp/baseline/src/Recurrent.Cli/bin/Release/net10.0/Recurrent.Cli.dll
NEW=/work/main/src/Recurrent.Cli/bin/Release/net10.0/Recurrent.Cli.dll
out=/tmp/benchruns/ab.txt
: > $out
for cfg in "lstm 128 1" "lstm 256 2" "lstm 512 2" "gru 512 2" "rnn 512 2"; do
  set -- $cfg
  for t in 1 2; do
    for round in 1 2 3; do
      if [ $((round % 2)) -eq 1 ]; then order="OLD NEW"; else order="NEW OLD"; fi
      for side in $order; do
        dll=$OLD; [ $side = NEW ] && dll=$NEW
        res=$(dotnet $dll bench --cell $1 --hidden $2 --layers $3 --seconds 2 --threads $t 2>&1 | grep -E "^(training|generation|inference):" | awk '{gsub(",","",$2); printf "%s=%s ", $1, $2}')
        echo "$1-$3x$2 t=$t round=$round $side $res load=$(cut -d' ' -f1 /proc/loadavg)" >> $out
      done
    done
  done
done
echo done >> $out
