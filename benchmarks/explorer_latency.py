"""Median time from a widget change to updated outputs, corridor explorer.

Run: ``python benchmarks/explorer_latency.py`` (or ``make bench``). Target: under
150 ms on the 2-core development machine. The time is measured around setting a
control's ``.value``: the callbacks run synchronously, so when the assignment returns
the Output widgets hold the new map, chart and summary (what the kernel then sends to
the browser).
"""

from __future__ import annotations

import random
import statistics
import time

TARGET_MS = 150.0


def measure(rounds: int = 60, seed: int = 1) -> dict[str, list[float]]:
    """Times (ms) per kind of change: slider, route (first visit), route (revisit)."""
    from explainer import corridor_explorer

    rng = random.Random(seed)
    explorer = corridor_explorer()
    times: dict[str, list[float]] = {
        "slider": [],
        "route, first visit": [],
        "route, revisit": [],
    }
    visited = {explorer.route.value}
    routes = [value for _, value in explorer.route.options]
    sliders = list(explorer.sliders.values())
    for i in range(rounds):
        if i % 5 == 4:
            route = rng.choice([r for r in routes if r != explorer.route.value])
            kind = "route, revisit" if route in visited else "route, first visit"
            start = time.perf_counter()
            explorer.route.value = route
            times[kind].append((time.perf_counter() - start) * 1000)
            visited.add(route)
        else:
            slider = rng.choice(sliders)
            # Whole steps that stay inside the range (a range need not be a whole
            # number of steps: 0.2 to 3.4 by 0.25).
            steps = int((slider.max - slider.min) / slider.step + 1e-9)
            value = min(slider.max, slider.min + slider.step * rng.randint(0, steps))
            if value == slider.value:
                value = slider.min if slider.value != slider.min else slider.max
            start = time.perf_counter()
            slider.value = value
            times["slider"].append((time.perf_counter() - start) * 1000)
    return times


def report(times: dict[str, list[float]]) -> float:
    """Print the medians; return the overall median in ms."""
    every = [t for values in times.values() for t in values]
    overall = statistics.median(every)
    print("Corridor explorer: widget change -> updated outputs")
    for kind, values in times.items():
        if values:
            median = statistics.median(values)
            print(
                f"  {kind:<20} n={len(values):>3}  median {median:7.1f} ms"
                f"  max {max(values):7.1f} ms"
            )
    verdict = "meets" if overall < TARGET_MS else "MISSES"
    print(
        f"  overall median {overall:.1f} ms over {len(every)} changes "
        f"({verdict} the {TARGET_MS:.0f} ms target)"
    )
    return overall


if __name__ == "__main__":
    report(measure())
