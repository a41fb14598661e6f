"""``make bench``: run the benchmarks and print one table (never part of ``make test``)."""

from __future__ import annotations

from bench import search_bench


def main() -> None:
    """Run each benchmark in turn."""
    print("Training search over 10,000 offers (target: p95 < 50 ms)")
    for key, value in search_bench.run().items():
        print(f"  {key:14} {value:10.1f}")


if __name__ == "__main__":
    main()
