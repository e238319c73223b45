#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for `llm-interactive sweep --executor slurm` tests and users:
#   environment/slurm-local.sh start   installs Debian's slurm-wlm and munge where missing, writes a single-node
#                                      slurm.conf (localhost is controller and compute node, with this machine's
#                                      cores and memory), starts munged, slurmctld and slurmd, waits for an idle node
#   environment/slurm-local.sh stop    stops the daemons it started
# It works in a container: no systemd, no cgroups (process tracking by /proc), root or sudo.
set -euo pipefail

conf=/etc/slurm/slurm.conf
state=/var/lib/slurm-local
run=/run/slurm-local
logs=/var/log/slurm-local
# Our slurm.conf says so on its first line; a slurm.conf without it belongs to someone else and is never touched.
marker="# written by llm-interactive environment/slurm-local.sh"

sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"

install_packages() {
  local missing=()
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  echo "slurm-local: installing ${missing[*]}"
  $sudo apt-get update -qq
  # Debian's packages would start the daemons through systemd where there is one; they are started below instead.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

write_conf() {
  if [ -f "$conf" ] && ! head -1 "$conf" | grep -qF "$marker"; then
    echo "slurm-local: $conf exists and was not written by this script; a real cluster is configured here, use it" >&2
    exit 1
  fi
  local cpus memory
  cpus=$(nproc)
  # Slurm refuses a node that reports less memory than configured: leave 5 % for the system.
  memory=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.95 }' /proc/meminfo)
  $sudo mkdir -p /etc/slurm "$state/slurmctld" "$state/slurmd" "$run" "$logs"
  $sudo tee "$conf" >/dev/null <<EOF
$marker
ClusterName=llmi-local
SlurmctldHost=localhost
SlurmUser=root
AuthType=auth/munge
# Containers have no writable cgroup tree: track processes through /proc, bind no tasks.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
StateSaveLocation=$state/slurmctld
SlurmdSpoolDir=$state/slurmd
SlurmctldPidFile=$run/slurmctld.pid
SlurmdPidFile=$run/slurmd.pid
SlurmctldLogFile=$logs/slurmctld.log
SlurmdLogFile=$logs/slurmd.log
# Short timers: a test cluster should notice a finished job or a restarted daemon within seconds.
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
# Memory is a consumable: without a default per CPU, a task that asks no --mem would take the whole node.
DefMemPerCPU=$((memory / cpus))
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
}

# A daemon is running when its pid file names a live process (the file may vanish as it exits).
running() { local pid; pid=$(cat "$1" 2>/dev/null) && [ -n "$pid" ] && $sudo kill -0 "$pid" 2>/dev/null; }

start() {
  local clock=$SECONDS
  install_packages
  write_conf
  if ! running /run/munge/munged.pid; then
    $sudo mkdir -p /run/munge /var/log/munge /var/lib/munge
    $sudo chown munge:munge /run/munge /var/log/munge /var/lib/munge
    [ -f /etc/munge/munge.key ] || $sudo runuser -u munge -- mungekey --create
    $sudo runuser -u munge -- munged
  fi
  running "$run/slurmctld.pid" || $sudo slurmctld
  running "$run/slurmd.pid" || $sudo slurmd -N localhost
  for _ in $(seq 1 60); do
    if sinfo -h -N -o '%T' 2>/dev/null | grep -qx idle; then
      echo "slurm-local: node localhost idle ($(nproc) CPUs) after $((SECONDS - clock)) s"
      return 0
    fi
    # A node left down or drained by an earlier run comes back to service.
    sinfo -h -N -o '%T' 2>/dev/null | grep -qE 'down|drain' && $sudo scontrol update nodename=localhost state=resume 2>/dev/null || true
    sleep 1
  done
  echo "slurm-local: the node did not become idle within 60 s; see $logs/slurmctld.log and $logs/slurmd.log" >&2
  sinfo -N >&2 || true
  exit 1
}

stop_daemon() {
  local pidfile=$1 name=$2
  local pid
  pid=$(cat "$pidfile" 2>/dev/null) || return 0
  running "$pidfile" || return 0
  $sudo kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 20); do running "$pidfile" || return 0; sleep 0.5; done
  echo "slurm-local: $name did not stop" >&2
  return 1
}

stop() {
  stop_daemon "$run/slurmd.pid" slurmd
  stop_daemon "$run/slurmctld.pid" slurmctld
  stop_daemon /run/munge/munged.pid munged
  echo "slurm-local: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
