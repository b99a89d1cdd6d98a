"""The plan check's findings on each goal and its interventions (SIP.md §5: SMART goals, a state in
the person's life and not a service or a diagnosis; every intervention with its huvudman or
actor, who does it and when). A goal's findings depend on the goal alone, so they are kept under a
key of its fields: a check while typing in one goal looks at the others' keys, not their words.
"""

from __future__ import annotations

import re
from collections import OrderedDict

from sipdesk.i18n import _, language
from sipdesk.model.entities import Goal, Plan
from sipdesk.model.findings import Finding, Severity, _short

# --- the "goal reads like an intervention or a diagnosis" heuristic --------------------------
#
# SIP.md §5: a goal is a state in the person's life ("Jesper sover på nätterna"), not what a
# service does ("neuropsykiatrisk utredning") nor a diagnosis or bare condition ("nykterhet").
# We flag a goal only when it *starts* with the name of an intervention (possibly after "Att"),
# or when the whole goal is a short verbless phrase naming a diagnosis or condition. Goals that
# merely mention a diagnosis while describing a state ("Föräldrarna har kunskap om
# diabetessjukdomen") are not flagged. Tuned on the demo plans: none of their goals is flagged.

INTERVENTION_STARTS = (
    "utredning", "neuropsykiatrisk utredning", "npf-utredning", "bedömning", "psykiatrisk bedömning",
    "behandling", "samtalsbehandling", "samtal", "stödsamtal", "samtalsstöd", "terapi", "kbt",
    "medicinering", "medicin", "läkemedel", "remiss", "kartläggning", "information", "insats",
    "kontaktperson", "kontaktfamilj", "boendestöd", "hemtjänst", "placering", "familjehem",
    "hvb", "föräldrastöd", "föräldragrupp", "föräldrautbildning", "hembesök", "möte",
    "ansökan", "handledning", "avgiftning", "abstinensbehandling", "provtagning", "urinprov",
    "uppföljning", "besök", "åtgärdsprogram", "anpassningar", "elevhälsa",
    "utreda", "bedöma", "remittera", "ansöka", "erbjuda", "ordinera", "kalla",
)  # fmt: skip
CONDITIONS = (
    "adhd", "add", "autism", "asperger", "npf", "diagnos", "depression", "ångest", "psykos",
    "bipolär", "schizofreni", "diabetes", "epilepsi", "missbruk", "beroende", "nykterhet",
    "drogfrihet", "spelfrihet", "abstinens", "ätstörning", "anorexi", "ptsd", "trauma",
)  # fmt: skip
# Finite verbs that make a phrase describe a state or doing ("Amira sover", "har", "är").
_STATE_VERB = re.compile(
    r"\b(är|har|kan|ska|får|vet|mår|går|bor|sover|äter|klarar|fungerar|känner|upplever|"
    r"deltar|tar|gör|förstår|hanterar|använder|lever|arbetar|studerar)\b"
)
_WORD = re.compile(r"[\wåäöéü-]+", re.I)


def goal_looks_like_intervention(goal: Goal) -> bool:
    """True when the goal text names an intervention or repeats one of its own interventions."""
    text = _norm(goal.text)
    if not text:
        return False
    if any(text == _norm(i.what) for i in goal.interventions if i.what.strip()):
        return True
    return any(text == w or text.startswith(w + " ") for w in INTERVENTION_STARTS)


def goal_looks_like_diagnosis(goal: Goal) -> bool:
    """True when the goal is a short verbless phrase naming a diagnosis or condition."""
    text = _norm(goal.text)
    words = _WORD.findall(text)
    if not words or len(words) > 3 or _STATE_VERB.search(text):
        return False
    return any(w.startswith(c) or w.endswith(c) for w in words for c in CONDITIONS)


def _norm(text: str) -> str:
    text = " ".join(text.casefold().split()).rstrip(".!")
    # "Att få en utredning" is still an utredning: drop the infinitive and "få (en/ett)".
    return _LEAD.sub("", text)


_LEAD = re.compile(r"^(att )?((få|erhålla|ges) )?((en|ett) )?")


# A goal's findings depend on the goal alone (and its place, and the language): kept under a key of
# exactly that, so a check while typing in one goal looks at the others' fields, not their words.
# The least recently used go first: typing leaves one entry a key behind, never more than the
# limit (a few MB).
_GOAL_FINDINGS: OrderedDict[tuple[object, ...], tuple[Finding, ...]] = OrderedDict()
_GOAL_FINDINGS_LIMIT = 4096


def _goals(plan: Plan) -> list[Finding]:
    out: list[Finding] = []
    lang = language()
    for g, goal in enumerate(plan.goals):
        key = (lang, g, _goal_content(goal))
        found = _GOAL_FINDINGS.get(key)
        if found is None:
            found = tuple(_goal(g, goal))
            _GOAL_FINDINGS[key] = found
            while len(_GOAL_FINDINGS) > _GOAL_FINDINGS_LIMIT:
                _GOAL_FINDINGS.popitem(last=False)
        else:
            try:
                _GOAL_FINDINGS.move_to_end(key)
            except KeyError:  # dropped by another thread's check meanwhile
                pass
        out += found
    return out


def _goal_content(goal: Goal) -> tuple[object, ...]:
    """Every field of a goal (and of its interventions) its findings are made from."""
    return (
        goal.id,
        goal.text,
        goal.measure,
        goal.target_date is None,
        tuple(
            (
                item.id,
                item.what,
                item.principal is None and item.actor is None,
                any(r.name.strip() for r in item.responsible),
                bool(item.time_plan.strip()) or item.start is not None or item.end is not None,
            )
            for item in goal.interventions
        ),
    )


def _goal(g: int, goal: Goal) -> list[Finding]:
    out: list[Finding] = []
    at = f"plan.goals[{g}]"
    name = _short(goal.text) or _("(goal {n})").format(n=g + 1)
    if not goal.interventions:
        out.append(
            Finding(
                Severity.WARNING,
                "goal-without-intervention",
                f"{at}.interventions",
                _('The goal "{goal}" has no intervention. Add what will be done.').format(
                    goal=name
                ),
                goal.id,
            )
        )
    if not goal.measure.strip():
        out.append(
            Finding(
                Severity.WARNING,
                "goal-no-measure",
                f"{at}.measure",
                _(
                    'The goal "{goal}" says not how it will be measured. Agree how you '
                    "will know it is reached."
                ).format(goal=name),
                goal.id,
            )
        )
    if goal.target_date is None:
        out.append(
            Finding(
                Severity.WARNING,
                "goal-no-date",
                f"{at}.target_date",
                _('The goal "{goal}" has no date to be reached by. Set one.').format(goal=name),
                goal.id,
            )
        )
    if goal_looks_like_intervention(goal):
        out.append(
            Finding(
                Severity.WARNING,
                "goal-is-intervention",
                f"{at}.text",
                _(
                    'The goal "{goal}" reads like an intervention. Write the state in the '
                    "person's life it should lead to, and put the intervention beside it."
                ).format(goal=name),
                goal.id,
            )
        )
    elif goal_looks_like_diagnosis(goal):
        out.append(
            Finding(
                Severity.WARNING,
                "goal-is-diagnosis",
                f"{at}.text",
                _(
                    'The goal "{goal}" reads like a diagnosis or condition. Write what '
                    "should be different in the person's everyday life."
                ).format(goal=name),
                goal.id,
            )
        )
    for k, item in enumerate(goal.interventions):
        out += _intervention(f"{at}.interventions[{k}]", item)
    return out


def _intervention(at: str, item) -> list[Finding]:
    out = []
    what = _short(item.what) or _("(intervention)")
    if item.principal is None and item.actor is None:
        out.append(
            Finding(
                Severity.WARNING,
                "intervention-no-principal",
                f"{at}.principal",
                _(
                    'The intervention "{what}" has neither a principal nor anyone else who '
                    "carries it out. Choose the municipality or the region, or who else."
                ).format(what=what),
                item.id,
            )
        )
    if not any(r.name.strip() for r in item.responsible):
        out.append(
            Finding(
                Severity.WARNING,
                "intervention-no-responsible",
                f"{at}.responsible",
                _('Nobody is responsible for the intervention "{what}". Name who.').format(
                    what=what
                ),
                item.id,
            )
        )
    if not item.time_plan.strip() and item.start is None and item.end is None:
        out.append(
            Finding(
                Severity.WARNING,
                "intervention-no-time-plan",
                f"{at}.time_plan",
                _(
                    'The intervention "{what}" has no time plan. Write when it starts, how '
                    "often, and until when."
                ).format(what=what),
                item.id,
            )
        )
    return out
