#!/usr/bin/env python3
"""Prints the figures of a bench/run-all.sh directory as the Markdown tables of docs/benchmarks.md."""
import json, pathlib, sys

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/sinal-bench-results")

def load(name):
    p = out / f"{name}.json"
    return json.loads(p.read_text()) if p.exists() else None

def get(r, path, default="–"):
    for k in path.split("."):
        r = r.get(k) if isinstance(r, dict) else None
    return default if r is None else r

def kib(b):
    return "–" if b == "–" else f"{b / 1024:.1f} KiB"

print("| idle, 15,000 connections | held | RSS per connection | heap per connection (after GC) |\n|---|---|---|---|")
for name in ["idle-sinal-ws-cold", "idle-sinal-ws-warm", "idle-sinal-sse-cold", "idle-sinal-sse-warm",
             "idle-sinal-longpoll-cold", "idle-sinal-longpoll-warm", "idle-nchan-ws", "idle-node-ws"]:
    r = load(name)
    if r:
        print(f"| {name[5:]} | {get(r, 'connections.held')} | {kib(get(r, 'server.perConnection.rssBytes'))} "
              f"| {kib(get(r, 'server.perConnection.heapBytes'))} |")

for title, names in [("fan-out 15,000 × 1 channel, 100 msgs at 50/s", ["fanout-sinal", "fanout-nchan", "fanout-node-ws"]),
                     ("moderate 3,000 × 1 channel, 200 msgs at 20/s", ["moderate-sinal", "moderate-nchan"]),
                     ("2,000 channels × 1 subscriber, 20 rounds at 2/s", ["channels-sinal", "channels-nchan"])]:
    print(f"\n| {title} | deliveries/s | server CPU µs/delivery (system) | p50 / p99 / max ms | lost / dup | generator CPU s |")
    print("|---|---|---|---|---|---|")
    for name in [n + suffix for n in names for suffix in ("", "-cold")]:
        r = load(name)
        if r:
            label = r['target'] + (" (first run, warming up)" if name.endswith("-cold") else "")
            print(f"| {label} | {get(r, 'deliveries.perSecond')} | {get(r, 'server.cpuMicrosPerDelivery')} "
                  f"({get(r, 'server.cpuSystemSeconds')} of {get(r, 'server.cpuSeconds')} s) "
                  f"| {get(r, 'latencyMillis.p50')} / {get(r, 'latencyMillis.p99')} / {get(r, 'latencyMillis.max')} "
                  f"| {get(r, 'deliveries.lost')} / {get(r, 'deliveries.duplicated')} | {get(r, 'generator.cpuSeconds')} |")

print("\n| transport (1,000 subscribers, 60 msgs at 10/s) | requests per delivery | bytes in per delivery | bytes out per delivery | p50 / p99 ms | server CPU µs/delivery |")
print("|---|---|---|---|---|---|")
for t in ["poll", "longpoll", "sse", "ws"]:
    r = load(f"transport-{t}")
    if r:
        print(f"| {t} | {get(r, 'wire.requestsPerDelivery')} | {get(r, 'wire.bytesInPerDelivery')} "
              f"| {get(r, 'wire.bytesOutPerDelivery')} | {get(r, 'latencyMillis.p50')} / {get(r, 'latencyMillis.p99')} "
              f"| {get(r, 'server.cpuMicrosPerDelivery')} |")
