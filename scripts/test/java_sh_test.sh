#!/usr/bin/env bash
# Self-test of scripts/lib/java.sh against fake JDKs: bash scripts/test/java_sh_test.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/java.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# fake_jdk DIR VERSION-LINE [no-javac]
fake_jdk() {
  mkdir -p "$1/bin"
  printf '#!/bin/sh\necho '\''%s'\'' >&2\n' "$2" >"$1/bin/java"
  chmod +x "$1/bin/java"
  if [[ ${3:-} != no-javac ]]; then
    touch "$1/bin/javac" && chmod +x "$1/bin/javac"
  fi
}

check() { # check NAME EXPECTED ACTUAL
  if [[ $2 == "$3" ]]; then echo "ok   $1"; else echo "FAIL $1: expected '$2', got '$3'"; failures=$((failures + 1)); fi
}

jvm=$tmp/jvm
fake_jdk "$jvm/java-8" 'openjdk version "1.8.0_392"'
fake_jdk "$jvm/java-17" 'openjdk version "17.0.15" 2025-04-15'
fake_jdk "$jvm/java-21" 'openjdk version "21.0.2" 2024-01-16'
fake_jdk "$jvm/java-25-ea" 'openjdk version "25-ea" 2025-09-16'
fake_jdk "$jvm/jre-30" 'openjdk version "30" 2028-03-21' no-javac
fake_jdk "$tmp/old" 'java version "17.0.1" 2021-10-19 LTS'

check "parses 1.8 as 8" 8 "$(jobwire_java_major "$jvm/java-8/bin/java")"
check "parses 17.0.15" 17 "$(jobwire_java_major "$jvm/java-17/bin/java")"
check "parses 25-ea" 25 "$(jobwire_java_major "$jvm/java-25-ea/bin/java")"

export JOBWIRE_JVM_DIR=$jvm
check "picks the newest JDK, skipping a JRE" "$jvm/java-25-ea" "$(JAVA_HOME='' jobwire_find_jdk)"
check "keeps a JAVA_HOME that is 21+" "$jvm/java-21" "$(JAVA_HOME=$jvm/java-21 jobwire_find_jdk)"
check "ignores a JAVA_HOME that is too old" "$jvm/java-25-ea" "$(JAVA_HOME=$tmp/old jobwire_find_jdk 2>/dev/null)"
check "says why it ignores JAVA_HOME" yes \
  "$(JAVA_HOME=$tmp/old jobwire_find_jdk 2>&1 >/dev/null | grep -q 'not a JDK 21+ (found: 17)' && echo yes)"

rm -rf "$jvm/java-21" "$jvm/java-25-ea"
check "fails when only old JDKs exist" fail "$(PATH=/nonexistent JAVA_HOME='' jobwire_find_jdk 2>/dev/null || echo fail)"
check "names what to install" yes \
  "$( (PATH=/nonexistent JAVA_HOME='' jobwire_find_jdk 2>&1 || true) | grep -q 'apt-get install openjdk-21-jdk' && echo yes)"

((failures == 0)) && echo "all passed" || { echo "$failures failed"; exit 1; }
