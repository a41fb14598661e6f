"""``make bench``: run the benchmarks and print their tables (never part of ``make test``).

``make bench ARGS=--quick`` makes a short smoke run of the serving benchmark;
``ARGS=--readme`` also writes its table into the README.
"""

from __future__ import annotations

import sys

from bench import live_bench, login_bench, search_bench, serve_bench


def main(argv: list[str] | None = None) -> None:
    """Run each benchmark in turn."""
    print("Training search over 10,000 offers (target: p95 < 50 ms)")
    for key, value in search_bench.run().items():
        print(f"  {key:14} {value:10.1f}")
    print("\nPortal login: time of a wrong password, an unknown name, a hammered account")
    for key, value in login_bench.run().items():
        print(f"  {key:38} {value:8.2f}")
    print()
    live_bench.main()
    print("\nServing: this bot against a stock `rasa init` assistant, side by side")
    serve_bench.main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()
