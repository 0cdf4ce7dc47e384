package io.sinal.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.sinal.bench.BenchPlan.Target;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Runs one {@link BenchPlan}: measure the idle server, connect the subscribers at the ramp rate,
 * hold them idle and measure again, publish, wait until every delivery arrived (or the drain
 * timeout), measure a last time, and report. Blocks the calling thread, which must not be an event
 * loop.
 */
public final class Bench {
  private static final Logger LOG = Logger.getLogger(Bench.class.getName());

  /**
   * Handshakes in flight at once: enough to ramp fast, few enough not to swamp the accept queue.
   */
  private static final int MAX_CONNECTING = 512;

  private final BenchPlan plan;
  private final Tally tally;
  private final Vertx clients;
  private final Vertx publishing;
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final LongAdder connectErrors = new LongAdder();
  private final AtomicReference<String> firstError = new AtomicReference<>();

  /** The WebSocket subscribers run on bare Netty loops of their own (see {@link WsSubscriber}). */
  private final EventLoopGroup wsLoops;

  private final Bootstrap wsBootstrap;
  private final List<HttpClient> httpClients = new ArrayList<>();

  private Bench(BenchPlan plan) {
    this.plan = plan;
    this.tally = new Tally(plan.messages());
    this.clients =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(plan.clientLoops())
                .setPreferNativeTransport(true));
    this.publishing =
        Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    this.wsLoops = WsSubscriber.loops(plan.clientLoops());
    this.wsBootstrap = WsSubscriber.bootstrap(wsLoops);
  }

  public static BenchReport run(BenchPlan plan) throws InterruptedException {
    Bench bench = new Bench(plan);
    try {
      return bench.run();
    } finally {
      bench.close();
    }
  }

  private BenchReport run() throws InterruptedException {
    BenchReport.Builder report = new BenchReport.Builder(plan);
    report.before(sample());
    long t0 = System.nanoTime();
    connect();
    report.connected(tally.connected.sum(), connectErrors.sum(), firstError.get(), seconds(t0));
    LOG.info(
        "bench: "
            + tally.connected.sum()
            + " subscribers connected in "
            + String.format("%.1f s", seconds(t0)));
    TimeUnit.MILLISECONDS.sleep(plan.idle().toMillis());
    report.held(sample());

    long requests0 = tally.requests.sum();
    long read0 = tally.bytesIn.sum();
    long written0 = tally.bytesOut.sum();
    double[] server0 = ProcessStats.cpu(plan.serverPid());
    double self0 = ProcessStats.cpuSeconds(ProcessStats.self());
    double[] runtime0 = ProcessStats.jitAndGcCpu(plan.serverPid());
    long gcMark = plan.gcLog() == null ? 0 : GcLog.mark(plan.gcLog());
    long start = tally.nowMicros();
    Future<Void> published = new Publisher(publishing, plan, tally).run();
    await(
        published,
        plan.connectTimeout().plus(plan.drainTimeout()).toMillis()
            + (long) (plan.messages() / Math.max(plan.rate(), 1) * 1000));
    long publishedAt = tally.nowMicros();
    drain();
    reportMissing();
    long end = Math.max(tally.lastDelivery.get(), publishedAt);
    report.published(start, publishedAt, end);
    report.load(
        tally.requests.sum() - requests0,
        tally.bytesIn.sum() - read0,
        tally.bytesOut.sum() - written0,
        plan.serverPid() > 0 ? minus(ProcessStats.cpu(plan.serverPid()), server0) : null,
        ProcessStats.cpuSeconds(ProcessStats.self()) - self0);
    report.deliveries(tally);
    if (plan.serverPid() > 0) {
      report.runtime(
          minus(ProcessStats.jitAndGcCpu(plan.serverPid()), runtime0),
          plan.gcLog() == null ? null : GcLog.pausesSince(plan.gcLog(), gcMark));
    }
    report.after(sample());
    return report.build();
  }

  private ProcessStats.Sample sample() {
    return plan.serverPid() > 0
        ? ProcessStats.sample(plan.serverPid(), plan.heap())
        : new ProcessStats.Sample(-1, -1, -1);
  }

  private void connect() throws InterruptedException {
    int perSource = (plan.subscribers() + plan.sources() - 1) / plan.sources() + 8;
    for (int i = 0; i < plan.sources(); i++) {
      String source = plan.source(i);
      httpClients.add(
          clients.createHttpClient(
              new HttpClientOptions()
                  .setLocalAddress(source)
                  .setKeepAlive(true)
                  .setConnectTimeout(30_000),
              new PoolOptions().setHttp1MaxSize(perSource).setMaxWaitQueueSize(-1)));
    }
    Semaphore connecting = new Semaphore(MAX_CONNECTING);
    long start = System.nanoTime();
    for (int i = 0; i < plan.subscribers(); i++) {
      long due = start + (long) (i * 1e9 / plan.ramp());
      long wait = due - System.nanoTime();
      if (wait > 1_000_000) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      if (!connecting.tryAcquire(plan.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        break;
      }
      Subscriber subscriber = subscriber(i);
      subscribers.add(subscriber);
      subscriber
          .start()
          .onComplete(
              ar -> {
                connecting.release();
                if (ar.failed()) {
                  connectErrors.increment();
                  firstError.compareAndSet(null, String.valueOf(ar.cause().getMessage()));
                }
              });
    }
    // Every handshake has ended when all permits are back.
    connecting.tryAcquire(MAX_CONNECTING, plan.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private Subscriber subscriber(int i) {
    String channel = plan.channel(i);
    String host = plan.url().getHost();
    int port = plan.url().getPort();
    boolean sinal = plan.target() == Target.SINAL;
    String enc = URLEncoder.encode(channel, StandardCharsets.UTF_8);
    int source = i % plan.sources(); // the same address as plan.source(i)
    return switch (plan.transport()) {
      case "ws" ->
          new WsSubscriber(
              tally,
              channel,
              wsBootstrap,
              new InetSocketAddress(host, port),
              plan.source(i),
              sinal ? "/ws" : "/sub?id=" + enc,
              sinal);
      case "sse" ->
          new SseSubscriber(
              tally,
              channel,
              httpClients.get(source),
              new RequestOptions()
                  .setHost(host)
                  .setPort(port)
                  .setURI(sinal ? "/sse?channel=" + enc : "/sub?id=" + enc),
              sinal);
      case "longpoll" ->
          new PollSubscriber(
              tally,
              channel,
              clients,
              httpClients.get(source),
              new RequestOptions().setHost(host).setPort(port),
              plan.pollWait(),
              0);
      default ->
          new PollSubscriber(
              tally,
              channel,
              clients,
              httpClients.get(source),
              new RequestOptions().setHost(host).setPort(port),
              0,
              plan.pollInterval().toMillis());
    };
  }

  /** Waits until every expected delivery arrived, or the drain timeout passed. */
  private void drain() throws InterruptedException {
    long deadline = System.nanoTime() + plan.drainTimeout().toNanos();
    while (tally.delivered.sum() < plan.expected() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  /** Names a few subscribers that missed messages: where to start looking. */
  private void reportMissing() {
    if (tally.delivered.sum() == plan.expected()) {
      return;
    }
    int shown = 0;
    for (int i = 0; i < subscribers.size() && shown < 5; i++) {
      String missing = subscribers.get(i).missing();
      if (!missing.isEmpty()) {
        shown++;
        LOG.warning(
            "bench: subscriber "
                + i
                + " on "
                + subscribers.get(i).channel
                + " ("
                + plan.source(i)
                + ") missed "
                + missing);
      }
    }
  }

  private static void await(Future<?> future, long millis) throws InterruptedException {
    try {
      future.toCompletionStage().toCompletableFuture().get(millis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warning("bench: publishing did not finish: " + e);
    }
  }

  private static double[] minus(double[] a, double[] b) {
    return new double[] {a[0] - b[0], a[1] - b[1]};
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private void close() throws InterruptedException {
    subscribers.forEach(Subscriber::close);
    try {
      Future.join(clients.close(), publishing.close())
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      wsLoops.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warning("bench: closing clients: " + e);
    }
  }
}
