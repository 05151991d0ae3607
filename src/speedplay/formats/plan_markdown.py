"""Plans as Markdown: a page a runner can read, print or keep in notes."""

from __future__ import annotations

from speedplay.formats.describe import Resolver, describe_lines
from speedplay.planning.plan import Plan
from speedplay.units import UnitSystem, format_clock
from speedplay.workout.printer import format_workout


def plan_to_markdown(plan: Plan, units: UnitSystem, resolve: Resolver | None = None) -> str:
    """The plan week by week: each session's steps with targets, its text and why."""
    request = plan.request
    lines = ["# Speed plan", ""]
    facts = [f"{request.level} runner", f"{request.weeks} weeks from {request.start:%a %d %b %Y}"]
    if request.goal is not None:
        facts.append(f"goal: {request.goal.label} on {request.goal.day:%a %d %b %Y}")
    if request.vdot is not None:
        facts.append(f"VDOT {request.vdot:.1f}")
    lines += [", ".join(facts) + ".", ""]
    for week in plan.weeks:
        lines += [f"## Week {week.week} ({week.kind})", ""]
        for session in week.sessions:
            workout = session.workout
            total = workout.total_seconds
            length = f", {format_clock(total)}" if total is not None else ""
            lines += [f"### {session.day:%a %d %b}: {workout.name}{length}", ""]
            lines += describe_lines(workout, units, resolve)
            lines += ["", f"`{format_workout(workout)}`", "", f"*Why:* {session.why}", ""]
    return "\n".join(lines)
