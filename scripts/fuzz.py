"""The fuzz tests' readers (``tests/fuzzing.py``) for as long as you give them: real files
damaged at random, each read under a time bound, every reader in turn.

    python scripts/fuzz.py [--minutes 30] [--only fit,zip] [--failures FOLDER] [--seed N]

Prints, per reader, the inputs tried and the failures (an exception that is not one of our
errors, or a hang); each failing input is kept in ``--failures`` (default build/fuzz) with
what went wrong, to become a test. Exit code 1 when anything failed.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzzing import TARGETS, ReaderFailureError, check, mutated  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--only", help="readers, comma-separated: " + ",".join(sorted(TARGETS)))
    parser.add_argument("--failures", type=Path, default=ROOT / "build" / "fuzz")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    names = args.only.split(",") if args.only else sorted(TARGETS)
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "little")
    chooser = random.Random(seed)
    seeds = {name: TARGETS[name].seeds() for name in names}
    tried: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}; seed {seed}; "
          f"{args.minutes:g} minutes over {len(names)} readers")  # fmt: skip
    warnings.simplefilter("ignore")  # a reader's warnings are what it keeps, not failures
    end = time.monotonic() + args.minutes * 60
    while time.monotonic() < end:
        for name in names:
            target, own = TARGETS[name], seeds[name]
            data = mutated(chooser.choice(own), own, chooser, chooser.randrange(1, 9))
            tried[name] += 1
            try:
                check(target, data)
            except ReaderFailureError as failure:
                failed[name] += 1
                args.failures.mkdir(parents=True, exist_ok=True)
                kept = args.failures / f"{name}-{failed[name]:04d}{target.suffix}"
                kept.write_bytes(data)
                kept.with_suffix(".txt").write_text(f"{failure}\n")
                print(f"FAIL {name}: {failure} (kept as {kept})")
    for name in names:
        print(f"{name:18} {tried[name]:>9,} inputs  {failed[name]:>5} failures")
    print(
        f"total              {sum(tried.values()):>9,} inputs  {sum(failed.values()):>5} failures"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
