#!/bin/bash
# cold ./nnc grad models/sine.nn, each start-up choice separately; configs interleaved round-robin
# (the load of a shared machine drifts), median of 5 rounds of wall and CPU (user+sys) time
cd "$(dirname "$(readlink -f "$0")")/.."
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cp=$(cat target/classpath.txt); jar=$(ls target/nnc-*.jar | head -1); export NNC_CACHE_DIR="$tmp/cache"
./nnc grad models/sine.nn >/dev/null   # archive and compile cache in place
J="java -Xss16m"; CDS="-XX:SharedArchiveFile=target/nnc.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"; C1="-XX:TieredStopAtLevel=1"
declare -A cmd=(
 [A]="$J -cp target/classes:$cp dev.nnc.cli.Main grad --no-cache models/sine.nn"
 [B]="$J -cp target/classes:$cp dev.nnc.cli.Main grad models/sine.nn"
 [C]="$J $C1 -cp target/classes:$cp dev.nnc.cli.Main grad --no-cache models/sine.nn"
 [D]="$J $CDS -cp $jar:$cp dev.nnc.cli.Main grad --no-cache models/sine.nn"
 [E]="$J $CDS -cp $jar:$cp dev.nnc.cli.Main grad models/sine.nn"
 [F]="$J $C1 $CDS -cp $jar:$cp dev.nnc.cli.Main grad --no-cache models/sine.nn"
 [G]="./nnc grad models/sine.nn"
 [H]="./nnc --version")
declare -A label=(
 [A]="before: classes dir, no AppCDS, C2, no cache"
 [B]="A + compile cache hit"
 [C]="A + C1 only"
 [D]="jar + AppCDS"
 [E]="jar + AppCDS + cache hit"
 [F]="jar + AppCDS + C1, no cache (./nnc grad --no-cache)"
 [G]="after: ./nnc grad (AppCDS + C1 + cache hit)"
 [H]="./nnc --version (JVM + picocli floor)")
declare -A W C
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in 1 2 3 4 5; do for k in A B C D E F G H; do
  /usr/bin/time -o "$tmp/time" -f "%e %U %S" ${cmd[$k]} >/dev/null 2>&1
  read w u s < "$tmp/time"; W[$k]+="$w "; C[$k]+="$(echo "$u + $s" | bc) "
done; done
med() { printf '%s\n' $@ | sort -n | awk '{a[NR]=$1} END{printf "%.2f", a[int((NR+1)/2)]}'; }
for k in A B C D E F G H; do printf "| %s | %-52s | %s | %s |\n" $k "${label[$k]}" "$(med ${W[$k]})" "$(med ${C[$k]})"; done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
