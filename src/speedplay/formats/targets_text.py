"""A runner's targets as rows of text: race equivalents, training paces and effort targets,
heart-rate zones. The terminal prints them as tables, the web app as HTML tables."""

from __future__ import annotations

from speedplay.physiology.effort import effort_pace, effort_pace_range
from speedplay.physiology.fitness import Fitness
from speedplay.physiology.heart_rate import Zone
from speedplay.units import UnitSystem, format_clock, format_pace, format_pace_range

REP_LENGTHS_S = (30, 60, 120, 240, 480, 900)
"""Rep lengths [s] for which the RPE 8-9 target is shown: longer reps are run slower."""


def equivalent_rows(fitness: Fitness, units: UnitSystem) -> list[tuple[str, str, str, str]]:
    """(race, time, pace, which of the runner's races it comes from) for each race."""
    rows = []
    for equivalent in fitness.equivalents:
        pace = equivalent.seconds / (equivalent.race.metres / 1000)
        sources = " and ".join(source.label for source in equivalent.sources)
        rows.append(
            (
                equivalent.race.key,
                format_clock(equivalent.seconds),
                format_pace(pace, units),
                sources,
            )
        )
    return rows


def pace_rows(fitness: Fitness, units: UnitSystem) -> list[tuple[str, str]]:
    """(target, pace): Daniels' training paces, then the effort targets, RPE 8-9 for reps of
    each length (a longer rep is run slower)."""
    training = fitness.paces
    rows = [
        ("E  easy (Daniels)", format_pace_range(*training.easy, units)),
        ("M  marathon", format_pace(training.marathon, units)),
        ("T  threshold", format_pace(training.threshold, units)),
        ("I  interval", format_pace(training.interval, units)),
        ("R  repetition", format_pace(training.repetition, units)),
        ("RPE 7  tempo", format_pace(effort_pace(fitness.vdot, 7, None), units)),
    ]
    rows += [
        (
            f"RPE 8-9  {format_clock(seconds)} reps",
            format_pace_range(*effort_pace_range(fitness.vdot, 8, 9, seconds), units),
        )
        for seconds in REP_LENGTHS_S
    ]
    return rows


def zone_rows(zones: list[Zone]) -> list[tuple[str, str, str]]:
    """(zone, from, below) in beats a minute."""
    return [(z.name, f"{z.low} bpm" if z.low else "", f"{z.high} bpm") for z in zones]
