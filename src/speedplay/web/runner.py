"""The signed-in runner as the pages need them: profile, targets, the current plan."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Engine

from speedplay.formats.describe import Resolver
from speedplay.physiology.heart_rate import Zone, friel_zones, karvonen_zones
from speedplay.physiology.targets import resolve_step
from speedplay.profile import Profile
from speedplay.storage.accounts import Account
from speedplay.storage.plans import StoredVersion, read_newest_version
from speedplay.storage.profiles import load_profile
from speedplay.storage.reading import reader_of
from speedplay.units import UnitSystem


@dataclass(frozen=True)
class RunnerView:
    """What a page shows of the runner: their profile and units, and the newest version of
    their current plan (None before onboarding)."""

    profile: Profile
    plan: StoredVersion | None

    @property
    def units(self) -> UnitSystem:
        return UnitSystem(self.profile.units) if self.profile.units else UnitSystem.KM

    @property
    def vdot_raise(self) -> float:
        return float(self.plan.document.get("vdot_raise") or 0.0) if self.plan else 0.0

    def resolver(self) -> Resolver | None:
        """Targets in the runner's own paces and heart rates, as the plan stands."""
        runner = self.profile.runner(self.vdot_raise)
        return None if runner is None else partial(resolve_step, runner=runner)

    def zones(self) -> list[Zone] | None:
        """Heart-rate zones: Friel's from LTHR when known, else Karvonen's from the reserve."""
        profile = self.profile
        if profile.lthr is not None:
            return friel_zones(profile.lthr)
        if profile.max_hr is not None and profile.rest_hr is not None:
            return karvonen_zones(profile.rest_hr, profile.max_hr)
        return None

    def document(self) -> dict[str, Any] | None:
        return self.plan.document if self.plan else None


def runner_view(engine: Engine, account: Account) -> RunnerView:
    with reader_of(engine) as reader:
        profile = load_profile(reader, account.runner_id)
        return RunnerView(profile, read_newest_version(reader, account.runner_id))
