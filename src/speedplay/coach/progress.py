"""The runner's progress from the stored history: fitness, fatigue and form; weekly volume and
hard minutes; best efforts; and the VDOT the best efforts show, month by month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from speedplay.coach.training_load import FormDay, fitness_fatigue_form, run_load
from speedplay.physiology.vdot import vdot_from_race

VDOT_EFFORTS = ("3k", "5k", "20min", "30min")
"""Best efforts long enough to say something of aerobic fitness (9 minutes and more)."""

RECENT_DAYS = 42
"""Best efforts of the last six weeks are shown beside the all-time bests."""


@dataclass(frozen=True)
class RunRecord:
    """A run in the history (as stored), with the figures of its analysis."""

    run_on: date
    start_time: datetime | None
    source: str
    distance_m: float
    moving_s: float
    reps: int
    work_s: float
    work_m: float
    family: str | None
    """The planned session's family when the run counts as one."""
    compliance: float | None
    trimp: float | None
    rtss: float | None
    rpe: float | None = None
    """The session RPE the runner logged for the day, if any."""
    analysis_id: int | None = None
    """Where the stored analysis is (to open it)."""


@dataclass(frozen=True)
class EffortRecord:
    """A best effort inside a stored run."""

    run_on: date
    label: str
    metres: float
    seconds: float


@dataclass(frozen=True)
class Week:
    """A training week (Monday to Sunday): runs, distance, moving and hard time, load."""

    monday: date
    runs: int
    distance_m: float
    moving_s: float
    work_s: float
    load: float


@dataclass(frozen=True)
class RepPace:
    """The pace of a family's reps in a week, over the sessions that counted as that family
    (total rep time over total rep distance), beside how hard those sessions felt: the same
    family at the same RPE, getting faster week on week, is fitness arriving; the same pace at
    a lower RPE is too."""

    monday: date
    family: str
    pace_s_per_km: float
    work_s: float
    rpe: float | None = None
    """The mean session RPE of the week's sessions of the family that have one logged."""


@dataclass(frozen=True)
class Best:
    """A best effort for one label: the all-time best and the best of the last six weeks."""

    label: str
    best: EffortRecord
    recent: EffortRecord | None


@dataclass(frozen=True)
class Progress:
    """Everything ``speedplay progress`` shows."""

    form: list[FormDay]
    load_sources: dict[str, int]
    weeks: list[Week]
    bests: list[Best]
    vdot_by_month: list[tuple[date, float]]
    rep_pace: list[RepPace]

    def last_weeks(self, weeks: int) -> Progress:
        """The report over the last ``weeks`` weeks: those up to today, or, when no run falls
        in them (an old archive), those up to the last run."""
        if not self.form:
            return self
        end = self.form[-1].day
        if not any(w.monday > end - timedelta(weeks=weeks) for w in self.weeks) and self.weeks:
            end = self.weeks[-1].monday + timedelta(days=6)
        start = end - timedelta(weeks=weeks)

        def within(monday: date) -> bool:
            return start < monday + timedelta(days=6) and monday <= end

        return replace(
            self,
            form=[d for d in self.form if start < d.day <= end],
            weeks=[w for w in self.weeks if within(w.monday)],
            rep_pace=[r for r in self.rep_pace if within(r.monday)],
        )


def progress(runs: list[RunRecord], bests: list[EffortRecord], today: date) -> Progress:
    """The progress report of a history, as of ``today``."""
    loads: dict[date, float] = defaultdict(float)
    sources: dict[str, int] = defaultdict(int)
    weeks: dict[date, list[tuple[RunRecord, float]]] = defaultdict(list)
    for run in runs:
        load, source = run_load(run.rtss, run.trimp, run.moving_s)
        loads[run.run_on] += load
        sources[source] += 1
        weeks[run.run_on - timedelta(days=run.run_on.weekday())].append((run, load))
    end = max(today, max(loads, default=today))
    return Progress(
        form=fitness_fatigue_form(loads, end),
        load_sources=dict(sources),
        weeks=[_week(monday, items) for monday, items in sorted(weeks.items())],
        bests=_bests(bests, today),
        vdot_by_month=_vdot_by_month(bests),
        rep_pace=_rep_pace(runs),
    )


def _week(monday: date, items: list[tuple[RunRecord, float]]) -> Week:
    return Week(
        monday=monday,
        runs=len(items),
        distance_m=sum(r.distance_m for r, _ in items),
        moving_s=sum(r.moving_s for r, _ in items),
        work_s=sum(r.work_s for r, _ in items),
        load=sum(load for _, load in items),
    )


def _rep_pace(runs: list[RunRecord]) -> list[RepPace]:
    totals: dict[tuple[date, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    felt: dict[tuple[date, str], list[float]] = defaultdict(list)
    for run in runs:
        if run.family is None or run.work_m <= 0 or run.work_s <= 0:
            continue
        key = (run.run_on - timedelta(days=run.run_on.weekday()), run.family)
        totals[key][0] += run.work_s
        totals[key][1] += run.work_m
        if run.rpe is not None:
            felt[key].append(run.rpe)
    return [
        RepPace(
            monday,
            family,
            seconds / metres * 1000,
            seconds,
            sum(felt[monday, family]) / len(felt[monday, family]) if felt[monday, family] else None,
        )
        for (monday, family), (seconds, metres) in sorted(totals.items())
    ]


def _bests(bests: list[EffortRecord], today: date) -> list[Best]:
    by_label: dict[str, list[EffortRecord]] = defaultdict(list)
    for best in bests:
        by_label[best.label].append(best)
    found = []
    for label, efforts in by_label.items():
        recent = [b for b in efforts if (today - b.run_on).days <= RECENT_DAYS]
        found.append(Best(label, _fastest(efforts), _fastest(recent) if recent else None))
    order = ("1k", "mile", "3k", "5k", "20min", "30min")
    return sorted(found, key=lambda b: order.index(b.label) if b.label in order else len(order))


def _fastest(efforts: list[EffortRecord]) -> EffortRecord:
    """The best of a label's efforts: the highest speed."""
    return max(efforts, key=lambda b: b.metres / b.seconds)


def _vdot_by_month(bests: list[EffortRecord]) -> list[tuple[date, float]]:
    """The month's highest VDOT among its best efforts. Within one label (a set distance or a
    set time) the fastest effort has the highest VDOT, so only the fastest of each label and
    month is put through the formula."""
    fastest: dict[tuple[date, str], EffortRecord] = {}
    for best in bests:
        if best.label not in VDOT_EFFORTS or best.seconds <= 0:
            continue
        key = (best.run_on.replace(day=1), best.label)
        held = fastest.get(key)
        if held is None or best.metres / best.seconds > held.metres / held.seconds:
            fastest[key] = best
    months: dict[date, float] = {}
    for (month, _), best in fastest.items():
        vdot = vdot_from_race(best.metres, best.seconds)
        months[month] = max(months.get(month, 0.0), vdot)
    return sorted(months.items())
