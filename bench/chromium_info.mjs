// The Chromium the benchmarks run, how they launch it, and how they read the CPU time its
// renderer spent. Every browser figure is printed and stored beside the browser's version, so a
// change of browser shows in the numbers (docs/spec-numbers.md#targets).
//
// CPU time beside wall time: on this shared 2-core machine the wall time of a call says mostly how
// much of a core the process got. Chromium puts its processes in sessions of their own (setsid),
// so with the kernel's autogroup scheduling its renderer gets a different share of the CPU than
// the Node process beside it, and the wall-time ratio of the two swings with the load
// (docs/performance.md). The scheduler's count of the CPU time each side ran is what compares
// the code.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const baseChromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

// "Chromium 156.0.8078.114 ..." as the binary prints it (the Debian wrapper may print a stray
// shell warning first: only the line naming the browser is kept).
export function chromiumVersion() {
  return new Promise((done) => {
    execFile(chromiumPath, ['--version'], (error, stdout) => {
      const line = String(stdout ?? '').split('\n').find((l) => /chrom/i.test(l));
      done(line ? line.trim() : `unknown (${chromiumPath})`);
    });
  });
}

// The 1, 5 and 15 minute load averages, as a string to print beside a figure.
export function loadAverage() {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

// This process's Chromium: every descendant of this Node process whose command names chrom*,
// with its --type (browser, renderer, gpu-process, ...) and nice value.
export function ownChromiumProcesses() {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,ni=,args='], { encoding: 'utf8' })
    .split('\n').filter(Boolean).map((l) => {
      const [pid, ppid, ni, ...rest] = l.trim().split(/\s+/);
      const cmd = rest.join(' ');
      return { pid: +pid, ppid: +ppid, nice: ni, cmd, type: (cmd.match(/--type=(\S+)/) ?? [, 'browser'])[1] };
    });
  const ours = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows) if (!ours.has(r.pid) && ours.has(r.ppid)) { ours.add(r.pid); grew = true; }
  }
  return rows.filter((r) => r.pid !== process.pid && ours.has(r.pid) && /chrom/.test(r.cmd));
}

// CPU time these processes ran (all their threads), in ms: the scheduler's own nanosecond count
// (/proc/<pid>/task/<tid>/schedstat, first field), finer than /proc/<pid>/stat's 10 ms ticks.
// With mainThreadOnly, only each process's main thread (tid = pid): in a renderer the thread that
// runs the page's JS and wasm, without the compositor, IO and compile threads, whose background
// work otherwise lands in whichever call it overlaps.
export function cpuMs(pids, { mainThreadOnly = false } = {}) {
  let ns = 0;
  for (const pid of pids) {
    let tids = [];
    try { tids = mainThreadOnly ? [String(pid)] : readdirSync(`/proc/${pid}/task`); } catch { continue; }
    for (const tid of tids) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch { /* the thread ended */ }
    }
  }
  return ns / 1e6;
}

// This Node process's CPU time (all threads), in ms.
export function nodeCpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
