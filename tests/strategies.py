"""Hypothesis strategies that generate any valid workout, for round-trip property tests."""

from __future__ import annotations

from hypothesis import strategies as st

from speedplay.races import Race
from speedplay.workout import (
    DistanceDuration,
    Duration,
    HeartRateTarget,
    Intensity,
    IntensityTarget,
    Intent,
    Item,
    NoTarget,
    OpenDuration,
    PaceTarget,
    RacePaceTarget,
    RecoveryStyle,
    Repeat,
    RpeTarget,
    Step,
    Target,
    Terrain,
    TimeDuration,
    Workout,
)
from speedplay.workout.model import MAX_STEP_METRES, MAX_STEP_SECONDS, MAX_STEPS, steps_once_run

# Values a runner types (whole seconds, whole metres, whole-second paces) and arbitrary floats,
# which the printer must carry exactly too.
# A step lasts at most MAX_STEP_SECONDS or MAX_STEP_METRES: longer is refused, not a step.
positive_floats = st.floats(
    min_value=1e-3, max_value=MAX_STEP_SECONDS, allow_nan=False, allow_infinity=False
)
typed_seconds = st.integers(1, 4 * 3600).map(float)
lengths = st.one_of(typed_seconds, positive_floats)
metres = st.one_of(
    st.integers(1, 42_195).map(float),
    st.floats(min_value=1e-3, max_value=MAX_STEP_METRES, allow_nan=False, allow_infinity=False),
)

durations = st.one_of(
    st.builds(TimeDuration, lengths),
    st.builds(DistanceDuration, metres),
    st.just(OpenDuration()),
)


def _ordered(low: int, high: int) -> st.SearchStrategy[tuple[int, int]]:
    return st.tuples(st.integers(low, high), st.integers(low, high)).map(
        lambda pair: (min(pair), max(pair))
    )


def _pace_pairs() -> st.SearchStrategy[tuple[float, float]]:
    per_km = st.integers(120, 900).map(float)
    per_mile = st.integers(200, 1400).map(lambda s: s * 1000 / 1609.344)
    any_pace = st.floats(min_value=60, max_value=3600, allow_nan=False)
    value = st.one_of(per_km, per_mile, any_pace)
    return st.tuples(value, value).map(lambda pair: (min(pair), max(pair)))


targets = st.one_of(
    st.just(NoTarget()),
    _ordered(1, 10).map(lambda p: RpeTarget(*p)),
    _ordered(30, 250).map(lambda p: HeartRateTarget(*p)),
    _pace_pairs().map(lambda p: PaceTarget(*p)),
    st.sampled_from(Intensity).map(IntensityTarget),
    st.sampled_from(list(Race)).map(RacePaceTarget),
)

texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=30,
).filter(lambda s: bool(s.strip()) and s.isprintable())


def step_strategy(
    durations_: st.SearchStrategy[Duration],
    targets_: st.SearchStrategy[Target],
    cues: st.SearchStrategy[str],
) -> st.SearchStrategy[Step]:
    """Steps of every intent and style from the given durations, targets and cue texts."""

    @st.composite
    def build(draw: st.DrawFn) -> Step:
        intent = draw(st.sampled_from(Intent))
        style = draw(st.sampled_from(RecoveryStyle)) if intent is Intent.RECOVERY else None
        return Step(
            intent,
            draw(durations_),
            draw(targets_),
            draw(st.none() | st.sampled_from(Terrain)),
            draw(st.none() | cues),
            style,
        )

    return build()


def steps() -> st.SearchStrategy[Step]:
    return step_strategy(durations, targets, texts)


def item_strategy(
    leaves: st.SearchStrategy[Step], most_reps: int, fewest_reps: int, most_leaves: int
) -> st.SearchStrategy[Item]:
    """Steps and nested repeats built from ``leaves``."""
    return st.recursive(
        leaves,
        lambda children: st.builds(
            Repeat,
            st.integers(fewest_reps, most_reps),
            st.lists(children, min_size=1, max_size=4).map(tuple),
        ),
        max_leaves=most_leaves,
    )


items = item_strategy(steps(), most_reps=99, fewest_reps=1, most_leaves=12)


def _runnable(items: tuple[Item, ...]) -> bool:
    """At most MAX_STEPS steps once the repeats are run: more is refused, not a workout."""
    return steps_once_run(items) <= MAX_STEPS


workouts = st.builds(
    Workout,
    st.just("") | texts,
    st.lists(items, min_size=1, max_size=8).map(tuple).filter(_runnable),
)


@st.composite
def pyramids(draw: st.DrawFn) -> Workout:
    """Work steps of varied length with recoveries: what the printer writes as a pyramid."""
    minutes = draw(st.lists(st.integers(1, 6), min_size=2, max_size=9))
    target = draw(targets)
    recovery_intent = draw(st.sampled_from([Intent.RECOVERY, Intent.REST]))
    rule = draw(st.sampled_from(["equal", "half", "fixed"]))
    body: list[Step] = []
    for index, length in enumerate(minutes):
        if index:
            previous = minutes[index - 1] * 60.0
            seconds = {"equal": previous, "half": previous / 2, "fixed": 90.0}[rule]
            body.append(Step(recovery_intent, TimeDuration(seconds)))
        body.append(Step(Intent.WORK, TimeDuration(length * 60.0), target))
    return Workout("", (Step(Intent.WARMUP, TimeDuration(600.0)), *body))


# Workouts as files carry them: whole seconds and metres (FIT stores ms and cm), paces in whole
# seconds per km or mile, short names (TCX names are at most 15 characters).
file_durations = st.one_of(
    st.builds(TimeDuration, st.integers(1, 4 * 3600).map(float)),
    st.builds(DistanceDuration, st.integers(1, 42195).map(float)),
    st.just(OpenDuration()),
)
file_targets = st.one_of(
    st.just(NoTarget()),
    _ordered(1, 10).map(lambda p: RpeTarget(*p)),
    _ordered(30, 250).map(lambda p: HeartRateTarget(*p)),
    st.tuples(st.integers(150, 600), st.integers(0, 30)).map(
        lambda p: PaceTarget(float(p[0]), float(p[0] + p[1]))
    ),
    st.sampled_from(Intensity).map(IntensityTarget),
    st.sampled_from(list(Race)).map(RacePaceTarget),
)
file_texts = st.text(
    alphabet=st.characters(codec="ascii", min_codepoint=32, max_codepoint=126),
    min_size=1,
    max_size=20,
).filter(lambda s: bool(s.strip()))


def file_steps() -> st.SearchStrategy[Step]:
    return step_strategy(file_durations, file_targets, file_texts)


file_items = item_strategy(file_steps(), most_reps=20, fewest_reps=2, most_leaves=8)
file_workouts = st.builds(
    Workout,
    st.just("") | file_texts.map(lambda s: s.strip()[:15].strip() or "x"),
    st.lists(file_items, min_size=1, max_size=5).map(tuple).filter(_runnable),
)
