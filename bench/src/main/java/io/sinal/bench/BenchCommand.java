package io.sinal.bench;

import io.sinal.bench.BenchPlan.Target;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar bench/target/sinal-bench.jar}: the load generator of docs/benchmarks.md, apart
 * from the server. Loopback only, bounded in count and time.
 */
@Command(
    name = "sinal-bench",
    mixinStandardHelpOptions = true,
    description = {
      "Load generator: N subscribers over ws, sse, longpoll or poll, M publications at a rate; reports",
      "connections, server memory and CPU, deliveries/s, latency, loss, requests and bytes per delivery.",
      "Sinal needs a namespace without presence for the channels, e.g. --namespace bench on the server."
    })
public final class BenchCommand implements Callable<Integer> {
  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }

  @Option(
      names = "--url",
      defaultValue = "http://127.0.0.1:8080",
      description = "Server base URL, on 127.0.0.0/8 (default ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--publish-url",
      description =
          "Publish through this node instead of --url: subscribers on one node, publisher on another of the same cluster.")
  URI publishUrl;

  @Option(
      names = "--target",
      defaultValue = "sinal",
      description =
          "sinal, nchan, node-ws or uws (the peers of bench/, same scenarios) (default ${DEFAULT-VALUE}).")
  String target;

  @Option(
      names = "--transport",
      defaultValue = "ws",
      description = "ws, sse, longpoll or poll (default ${DEFAULT-VALUE}).")
  String transport;

  @Option(
      names = "--subscribers",
      description = "Subscribers to connect (default 1000; --quick 200).")
  Integer subscribers;

  @Option(
      names = "--channels",
      defaultValue = "1",
      description = "Channels the subscribers are spread over (default ${DEFAULT-VALUE}).")
  int channels;

  @Option(
      names = "--messages",
      description = "Publication rounds, one message per channel each (default 100; --quick 50).")
  Integer messages;

  @Option(
      names = "--rate",
      description = "Rounds per second; 0 = as fast as answered (default 50).")
  Double rate;

  @Option(
      names = "--publish",
      defaultValue = "open",
      description =
          "With a rate, the load model: open fires each round on schedule whatever is answered;"
              + " closed keeps one round in flight, the next on schedule or once answered, whichever"
              + " is later (default ${DEFAULT-VALUE}).")
  String publish;

  @Option(
      names = "--server-gc-log",
      description = "The server's GC log (-Xlog:gc:file=…), to count the run's GC pauses.")
  Path serverGcLog;

  @Option(
      names = "--ramp",
      defaultValue = "2000",
      description = "New connections per second (default ${DEFAULT-VALUE}).")
  int ramp;

  @Option(
      names = "--sources",
      defaultValue = "4",
      description = "Source addresses 127.0.0.2… to connect from (default ${DEFAULT-VALUE}).")
  int sources;

  @Option(
      names = "--poll-interval",
      defaultValue = "2000",
      description = "Milliseconds between plain polls (default ${DEFAULT-VALUE}).")
  long pollInterval;

  @Option(
      names = "--poll-wait",
      defaultValue = "25",
      description = "Seconds a long poll waits (default ${DEFAULT-VALUE}).")
  int pollWait;

  @Option(
      names = "--idle",
      description =
          "Seconds to hold the connections idle before measuring memory (default 5; --quick 1).")
  Integer idle;

  @Option(
      names = "--connect-timeout",
      defaultValue = "120",
      description = "Seconds all connections may take (default ${DEFAULT-VALUE}).")
  int connectTimeout;

  @Option(
      names = "--drain-timeout",
      description =
          "Seconds to wait for the last deliveries after publishing (default 30; --quick 10).")
  Integer drainTimeout;

  @Option(
      names = "--server-pid",
      defaultValue = "0",
      description = "Server process to measure (RSS, CPU; heap for a JVM).")
  long serverPid;

  @Option(
      names = "--no-heap",
      description = "Do not force a GC and read the heap of a JVM server through jcmd.")
  boolean noHeap;

  @Option(
      names = "--api-key",
      defaultValue = "${env:SINAL_API_KEY}",
      description = "Sinal's API key, to publish (env SINAL_API_KEY).")
  String apiKey;

  @Option(
      names = "--channel-prefix",
      description = "Channel names are this plus a number (default bench:<random>-).")
  String channelPrefix;

  @Option(
      names = "--client-loops",
      defaultValue = "2",
      description = "Event loops of the load generator (default ${DEFAULT-VALUE}).")
  int clientLoops;

  @Option(
      names = "--json",
      defaultValue = "bench-report.json",
      description = "Where to write the JSON report (default ${DEFAULT-VALUE}).")
  Path json;

  @Option(
      names = "--html",
      defaultValue = "bench-report.html",
      description = "Where to write the HTML report (default ${DEFAULT-VALUE}).")
  Path html;

  @Option(
      names = "--compare-with",
      split = ",",
      description = "Earlier JSON reports to show beside this run in the HTML report.")
  List<Path> compareWith = new ArrayList<>();

  @Option(names = "--quick", description = "A small run that finishes in under a minute.")
  boolean quick;

  /** The plan the command line asks for; for tests. */
  public static BenchPlan plan(String... args) {
    BenchCommand command = new BenchCommand();
    new CommandLine(command).parseArgs(args);
    return command.toPlan();
  }

  BenchPlan toPlan() {
    Target t = Target.valueOf(target.toUpperCase(Locale.ROOT).replace('-', '_'));
    return new BenchPlan(
        url,
        publishUrl != null ? publishUrl : url,
        t,
        transport,
        subscribers != null ? subscribers : quick ? 200 : 1000,
        channels,
        messages != null ? messages : quick ? 50 : 100,
        rate != null ? rate : 50,
        BenchPlan.Publish.valueOf(publish.toUpperCase(Locale.ROOT)),
        ramp,
        sources,
        Duration.ofMillis(pollInterval),
        pollWait,
        Duration.ofSeconds(idle != null ? idle : quick ? 1 : 5),
        Duration.ofSeconds(connectTimeout),
        Duration.ofSeconds(drainTimeout != null ? drainTimeout : quick ? 10 : 30),
        serverPid,
        !noHeap,
        apiKey,
        channelPrefix != null
            ? channelPrefix
            : "bench:" + UUID.randomUUID().toString().substring(0, 6) + "-",
        clientLoops,
        json,
        html,
        compareWith,
        serverGcLog);
  }

  @Override
  public Integer call() throws Exception {
    BenchPlan plan;
    try {
      plan = toPlan();
    } catch (IllegalArgumentException e) {
      System.err.println("sinal bench: " + e.getMessage());
      return 2;
    }
    BenchReport report = Bench.run(plan);
    System.out.println(report.json().encodePrettily());
    Files.writeString(plan.json(), report.json().encodePrettily());
    List<JsonObject> runs = new ArrayList<>();
    for (Path earlier : plan.compareWith()) {
      runs.add(new JsonObject(Files.readString(earlier)));
    }
    runs.add(report.json());
    Files.writeString(plan.html(), HtmlReport.render(runs));
    System.err.println("sinal bench: wrote " + plan.json() + " and " + plan.html());
    return report.lost() == 0 && report.duplicated() == 0 ? 0 : 1;
  }
}
