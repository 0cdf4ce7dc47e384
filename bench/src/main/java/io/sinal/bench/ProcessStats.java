package io.sinal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory and CPU of a process, read from {@code /proc}: RSS from {@code status}, CPU from the utime
 * and stime of {@code stat}; for a JVM, heap used after a full GC through that JVM's own {@code
 * jcmd}.
 */
final class ProcessStats {
  /**
   * Linux reports CPU in clock ticks of 1/100 s on every common configuration (getconf CLK_TCK).
   */
  private static final double TICKS_PER_SECOND = 100;

  /**
   * JDK 17: "garbage-first heap total 524288K, used 5172K"; JDK 21+: "total reserved …, committed
   * …, used 5172K".
   */
  private static final Pattern HEAP_USED =
      Pattern.compile("heap\\s+total [^\\n]*?used (\\d+)K", Pattern.CASE_INSENSITIVE);

  private ProcessStats() {}

  /** One reading; the memory fields are -1 when unknown. */
  record Sample(long rssKiB, long heapUsedKiB, double cpuSeconds) {}

  static long self() {
    return ProcessHandle.current().pid();
  }

  static double cpuSeconds(long pid) {
    double[] cpu = cpu(pid);
    return cpu[0] < 0 ? -1 : cpu[0] + cpu[1];
  }

  /** User and system CPU seconds; -1 each when unknown. */
  static double[] cpu(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new double[] {
        Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND
      };
    } catch (IOException | RuntimeException e) {
      return new double[] {-1, -1};
    }
  }

  static long rssKiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // a process that is gone has no RSS
    }
    return -1;
  }

  /** Full GC, then heap used; -1 when {@code pid} is not a JVM whose jcmd answers. */
  static long heapAfterGcKiB(long pid) {
    Path jcmd = jcmd(pid);
    if (jcmd == null) {
      return -1;
    }
    run(jcmd, pid, "GC.run");
    String info = run(jcmd, pid, "GC.heap_info");
    Matcher m = info == null ? null : HEAP_USED.matcher(info);
    return m != null && m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** Memory (with a full GC first when it is a JVM) and CPU. */
  static Sample sample(long pid, boolean heap) {
    long heapKiB = heap ? heapAfterGcKiB(pid) : -1;
    return new Sample(rssKiB(pid), heapKiB, cpuSeconds(pid));
  }

  /** The jcmd of the JDK the process runs on, so a JDK 25 server is asked by a JDK 25 jcmd. */
  private static Path jcmd(long pid) {
    try {
      Path exe = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe"));
      Path candidate = exe.resolveSibling("jcmd");
      return exe.getFileName().toString().equals("java") && Files.isExecutable(candidate)
          ? candidate
          : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** A JVM thread's name (its {@code comm}) as the JIT compiler's: C1 and C2 compiler threads. */
  private static final Pattern JIT_THREAD = Pattern.compile("C[12] CompilerThre.*");

  /** The threads of the collectors Sinal is measured with (G1, ZGC, Parallel) and the VM thread. */
  private static final Pattern GC_THREAD =
      Pattern.compile("(GC Thread|G1 |ZWorker|ZDriver|ZDirector|ZStat|VM Thread).*");

  /**
   * CPU seconds of a JVM's JIT compiler threads and of its GC threads, read from {@code
   * /proc/<pid>/task/<tid>/{comm,stat}}: what a run spends compiling (a server not warmed up yet)
   * and collecting, beside its whole CPU. Threads that ended between two readings are not counted;
   * zeros for a process that is not a JVM.
   */
  static double[] jitAndGcCpu(long pid) {
    double jit = 0;
    double gc = 0;
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String comm = Files.readString(task.resolve("comm")).trim();
          boolean isJit = JIT_THREAD.matcher(comm).matches();
          if (!isJit && !GC_THREAD.matcher(comm).matches()) {
            continue;
          }
          String stat = Files.readString(task.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
          if (isJit) {
            jit += seconds;
          } else {
            gc += seconds;
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended while we read it
        }
      }
    } catch (IOException | RuntimeException e) {
      return new double[] {0, 0};
    }
    return new double[] {jit, gc};
  }

  /** Also writes a class histogram of a JVM (for profiling), or null. */
  static String classHistogram(long pid) {
    Path jcmd = jcmd(pid);
    return jcmd == null ? null : run(jcmd, pid, "GC.class_histogram");
  }

  private static String run(Path jcmd, long pid, String command) {
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
              .redirectErrorStream(true)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return new String(out);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
