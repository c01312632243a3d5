"""Each analysis topic by its key (``metrics.registry.TOPICS``, an analysis page's ``topic`` in the page registry):
the module in ``presentation/topics/`` that describes its page (``PAGE``) and its slides (``slide_sections``).
The report makes each analysis page's slides from here, and the warm-up builds every section of every page."""

from types import ModuleType

from presentation.topics import activities, outcomes, overview, progression, staff, subgoals, wellbeing

TOPIC_MODULES: dict[str, ModuleType] = {
    "overblik": overview, "delmaal": subgoals, "resultater": outcomes, "medarbejderkombinationer": staff,
    "trivsel": wellbeing, "progression": progression, "aktiviteter": activities,
}
