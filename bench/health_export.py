"""Reading a 300 MB Apple Health export.xml out of its zip: time against a bare ElementTree
iterparse pass over the same stream, and peak memory.

    python -m bench.health_export [--mb 300]

The export is generated into a temporary folder (never committed) and deleted afterwards.
Each reader runs in its own Python process, so its peak resident memory (getrusage's
ru_maxrss) is its own. Floors (issue 22): the reader takes at most 1.5 times the bare pass,
and peaks under 400 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Final

MAX_TIME_RATIO: Final = 1.5
MAX_PEAK_MB: Final = 400
MEMBER: Final = "apple_health_export/export.xml"


def make_export(folder: Path, size_mb: int) -> Path:
    """export.zip holding an export.xml of about `size_mb` MB."""
    from sample_data.health_exports import write_large_apple_export

    path = folder / "export.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open(MEMBER, "w", force_zip64=True) as member,
    ):
        write_large_apple_export(member, size_mb * 1024 * 1024)
    return path


def bare_pass(path: Path) -> int:
    """The floor: ElementTree's iterparse over the zip member, each element cleared."""
    count = 0
    with zipfile.ZipFile(path) as archive, archive.open(MEMBER) as stream:
        for _event, element in ET.iterparse(stream):
            count += 1
            element.clear()
    return count


def reader_pass(path: Path) -> int:
    """The app's reader, as the Data page and the command line use it."""
    from core.context.apple_health import read_apple_health

    with zipfile.ZipFile(path) as archive, archive.open(MEMBER) as stream:
        return read_apple_health(stream).records


def measure(kind: str, path: Path) -> None:
    """Run one pass in this process and print its seconds and peak memory as JSON."""
    started = time.perf_counter()
    count = reader_pass(path) if kind == "reader" else bare_pass(path)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "count": count}))


def _run(kind: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.health_export", "--measure", kind, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> int:
    """Generate the export, time both passes, print them against the floors; 1 if missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=300, help="size of export.xml in MB")
    parser.add_argument("--measure", choices=("reader", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure:
        measure(options.measure, options.path)
        return 0
    with tempfile.TemporaryDirectory(prefix="cramp-bench-health-") as folder:
        started = time.perf_counter()
        path = make_export(Path(folder), options.mb)
        print(f"Apple Health export: {options.mb} MB export.xml, zip of "
              f"{path.stat().st_size / 1024 / 1024:.0f} MB, made in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        bare = _run("bare", path)
        reader = _run("reader", path)
    ratio = reader["seconds"] / bare["seconds"]
    print(f"  bare ElementTree.iterparse: {bare['seconds']:6.1f} s, peak {bare['peak_mb']:5.0f} MB")
    records = int(reader["count"])
    print(f"  the app's reader:           {reader['seconds']:6.1f} s, peak "
          f"{reader['peak_mb']:5.0f} MB ({records:,} water and workout records)")  # fmt: skip
    time_ok = ratio <= MAX_TIME_RATIO
    memory_ok = reader["peak_mb"] < MAX_PEAK_MB
    print(f"  time {ratio:.2f}x the bare pass (floor {MAX_TIME_RATIO}x): "
          f"{'ok' if time_ok else 'TOO SLOW'}")  # fmt: skip
    print(f"  peak {reader['peak_mb']:.0f} MB (floor < {MAX_PEAK_MB} MB): "
          f"{'ok' if memory_ok else 'TOO MUCH'}")  # fmt: skip
    return 0 if time_ok and memory_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
