# shellcheck shell=bash
# Finds a JDK that can build and run jobwire. Sourced by scripts/jobwire and .ci/run.
#
#   source scripts/lib/java.sh
#   JAVA_HOME=$(jobwire_find_jdk) || exit 1
#
# Looks, in order, at $JAVA_HOME, the newest JDK under $JOBWIRE_JVM_DIR (default /usr/lib/jvm),
# and the javac on PATH. A JDK counts when it has bin/javac and `bin/java -version` reports
# $JOBWIRE_MIN_JAVA (21) or newer.

JOBWIRE_MIN_JAVA=${JOBWIRE_MIN_JAVA:-21}

# Prints the feature version (8, 17, 21, 25, ...) of a java binary; fails if it will not run.
jobwire_java_major() {
  local java=$1 output version
  output=$("$java" -version 2>&1) || return 1
  [[ $output =~ version\ \"([^\"]+)\" ]] || return 1
  version=${BASH_REMATCH[1]}
  case $version in
    1.*) version=${version#1.} ;; # "1.8.0_392" is Java 8
  esac
  version=${version%%[!0-9]*} # "21.0.2", "25-ea", "21+35" -> the leading number
  [[ -n $version ]] || return 1
  printf '%s\n' "$version"
}

# Prints the major version of the JDK at $1, or fails if it is not a JDK (no bin/javac). Reads
# JAVA_VERSION from the JDK's release file when it has one: starting a JVM to ask costs a short
# command 50-250 ms.
jobwire_jdk_major() {
  local home=$1 line version
  [[ -x $home/bin/javac && -x $home/bin/java ]] || return 1
  if [[ -r $home/release ]] && line=$(grep -m1 '^JAVA_VERSION=' "$home/release") &&
    [[ $line =~ ^JAVA_VERSION=\"([0-9]+)(\.[0-9]+)*([^0-9\"][^\"]*)?\"$ ]]; then
    version=${BASH_REMATCH[1]}
    # "1.8.0_392" is Java 8
    [[ $version == 1 && $line =~ ^JAVA_VERSION=\"1\.([0-9]+) ]] && version=${BASH_REMATCH[1]}
    printf '%s\n' "$version"
    return 0
  fi
  jobwire_java_major "$home/bin/java"
}

# Prints the home of a JDK >= $JOBWIRE_MIN_JAVA; on failure explains on stderr what to install.
jobwire_find_jdk() {
  local min=$JOBWIRE_MIN_JAVA home major best="" best_major=0 javac
  if [[ -n ${JAVA_HOME:-} ]]; then
    if major=$(jobwire_jdk_major "$JAVA_HOME") && ((major >= min)); then
      printf '%s\n' "$JAVA_HOME"
      return 0
    fi
    echo "jobwire: JAVA_HOME=$JAVA_HOME is not a JDK $min+ (found: ${major:-no JDK}); looking elsewhere" >&2
  fi
  for home in "${JOBWIRE_JVM_DIR:-/usr/lib/jvm}"/*/; do
    home=${home%/}
    major=$(jobwire_jdk_major "$home") || continue
    if ((major >= min && major > best_major)); then
      best=$home
      best_major=$major
    fi
  done
  if [[ -n $best ]]; then
    printf '%s\n' "$best"
    return 0
  fi
  if javac=$(command -v javac 2>/dev/null); then
    home=$(dirname "$(dirname "$(readlink -f "$javac")")")
    if major=$(jobwire_jdk_major "$home") && ((major >= min)); then
      printf '%s\n' "$home"
      return 0
    fi
  fi
  printf '%s\n' \
    "jobwire: no JDK $min or newer found (looked at \$JAVA_HOME, ${JOBWIRE_JVM_DIR:-/usr/lib/jvm}/*, javac on PATH)." \
    "  Install one, e.g. on Debian/Ubuntu: apt-get install openjdk-21-jdk-headless (or Temurin $min+)," \
    "  or point JAVA_HOME at an existing JDK $min+." >&2
  return 1
}

# Prints the command prefix that runs a JVM under SCHED_BATCH (`chrt --batch 0`), one word a
# line; nothing when JOBWIRE_SCHED=normal or chrt is missing or refused. A woken SCHED_BATCH
# thread does not preempt the thread that woke it: JeroMQ's Signaler counts a signal only after
# writing it, and a waker preempted in between leaves the woken thread spinning on a readable
# descriptor for a scheduler slice. See "Scheduling" in docs/deployment.md.
jobwire_sched_prefix() {
  [[ ${JOBWIRE_SCHED:-batch} == batch ]] || return 0
  command -v chrt >/dev/null 2>&1 || return 0
  chrt --batch 0 true 2>/dev/null || return 0
  printf '%s\n' chrt --batch 0
}
