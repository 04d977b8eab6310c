#!/usr/bin/env bash
# Self-test of scripts/jobwire's build-when-stale logic, in a copy of the repo layout with a fake
# ./mvnw that builds a tiny jar: bash scripts/test/jobwire_script_test.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo=$tmp/repo
failures=0

check() { # check NAME EXPECTED ACTUAL
  if [[ $2 == "$3" ]]; then echo "ok   $1"; else echo "FAIL $1: expected '$2', got '$3'"; failures=$((failures + 1)); fi
}

mkdir -p "$repo/scripts" "$repo/protocol/src/main/java" "$repo/launcher/src/main/java" \
  "$repo/workers/src/main/node_modules/x" "$tmp/elsewhere" "$tmp/classes"
cp -r "$here/../jobwire" "$here/../lib" "$repo/scripts/"
touch "$repo/pom.xml" "$repo/protocol/pom.xml" "$repo/launcher/pom.xml" \
  "$repo/protocol/src/main/java/A.java" "$repo/workers/src/main/node_modules/x/index.js"
cat >"$tmp/Main.java" <<'JAVA'
public class Main {
  public static void main(String[] args) {
    System.out.println("ran " + String.join(" ", args));
  }
}
JAVA
# The fake wrapper logs its arguments and the JDK it got, and builds a jar that echoes its args.
cat >"$repo/mvnw" <<SH
#!/usr/bin/env bash
echo "\$JAVA_HOME \$*" >>"$tmp/builds.log"
sleep 0.5
mkdir -p launcher/target
"\$JAVA_HOME/bin/javac" -d "$tmp/classes" "$tmp/Main.java"
"\$JAVA_HOME/bin/jar" --create --file launcher/target/jobwire.jar --main-class Main -C "$tmp/classes" .
SH
chmod +x "$repo/mvnw"
builds() { [[ -f $tmp/builds.log ]] && wc -l <"$tmp/builds.log" | tr -d ' ' || echo 0; }
# Ensure mtimes differ from the jar's even on coarse-grained file systems.
later() { sleep 1.1; touch "$@"; }

cd "$tmp/elsewhere"
out=$(bash "$repo/scripts/jobwire" --help 2>"$tmp/err")
check "builds a missing jar and runs it with the arguments" "ran --help" "$out"
check "says it builds, on stderr" yes "$(grep -q 'building jobwire' "$tmp/err" && echo yes)"
check "builds with the wrapper as told" "-q -B -DskipTests package -pl launcher -am" \
  "$(cut -d' ' -f2- "$tmp/builds.log")"
check "builds with a JDK 21+" yes \
  "$(source "$repo/scripts/lib/java.sh"; m=$(jobwire_jdk_major "$(cut -d' ' -f1 "$tmp/builds.log")"); ((m >= 21)) && echo yes)"

out=$(bash "$repo/scripts/jobwire" a "b c" 2>"$tmp/err")
check "runs without building when the jar is fresh" "1 ran a b c" "$(builds) $out"
check "prints nothing on stderr when fresh" "" "$(cat "$tmp/err")"

later "$repo/workers/src/main/node_modules/x/index.js"
bash "$repo/scripts/jobwire" >/dev/null 2>&1
check "ignores node_modules" 1 "$(builds)"

later "$repo/protocol/src/main/java/A.java"
bash "$repo/scripts/jobwire" >/dev/null 2>&1
check "rebuilds after a source file changed" 2 "$(builds)"

later "$repo/launcher/pom.xml"
bash "$repo/scripts/jobwire" >/dev/null 2>&1
check "rebuilds after a pom.xml changed" 3 "$(builds)"

later "$repo/pom.xml"
ln -s "$repo/scripts/jobwire" "$tmp/elsewhere/jw"
out=$("$tmp/elsewhere/jw" x 2>/dev/null)
check "works through a symlink, after the root pom changed" "4 ran x" "$(builds) $out"

rm "$repo/launcher/target/jobwire.jar"
bash "$repo/scripts/jobwire" one >"$tmp/out1" 2>/dev/null &
bash "$repo/scripts/jobwire" two >"$tmp/out2" 2>/dev/null
wait
check "builds once when two commands start together" "5 ran one ran two" \
  "$(builds) $(cat "$tmp/out1") $(cat "$tmp/out2")"

printf '#!/bin/sh\nexit 1\n' >"$repo/mvnw"
later "$repo/protocol/src/main/java/A.java"
status=0
bash "$repo/scripts/jobwire" >/dev/null 2>"$tmp/err" || status=$?
check "fails with a message when the build fails" "1 yes" \
  "$status $(grep -q 'the build failed' "$tmp/err" && echo yes)"

((failures == 0)) && echo "all passed" || { echo "$failures failed"; exit 1; }
