"""The society processes a ho-stop can pause. Each app registers its own (an initiative, an
agreement, a sub-project): who is involved, where its public page is, and which cached
pages show it. The council app needs to know nothing else about them."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Involved:
    """Someone involved in a process: asked to consent when it is paused."""

    role: str  # HoStopParticipant.Role
    name: str
    email: str
    user: Any = None


@dataclass(frozen=True)
class ProcessType:
    label: str  # the model's label_lower, e.g. "initiatives.initiative"
    involved: Callable[[Any], list[Involved]]
    public_path: Callable[[Any], str] = lambda process: ""
    page_sections: tuple[str, ...] = ()
    title: Callable[[Any], str] = str
    extra: dict = field(default_factory=dict)

    def visible_to(self, process, user):
        """Whether the user may see the process, and so pause it: on its public page, or
        with the right to view it in the admin. An unpublished initiative is neither for a
        council member: its number alone opens nothing."""
        if self.public_path(process):
            return True
        app_label, model_name = self.label.split(".")
        return user.has_perm(f"{app_label}.view_{model_name}")


PROCESSES: dict[str, ProcessType] = {}


def register(process_type: ProcessType) -> ProcessType:
    PROCESSES[process_type.label] = process_type
    return process_type


def process_type_for(process) -> ProcessType:
    try:
        return PROCESSES[process._meta.label_lower]
    except KeyError:
        raise LookupError(
            f"{process._meta.label_lower} is not a process a ho-stop can pause."
        ) from None
