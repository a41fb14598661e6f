"""The customer groups people name about themselves in a training search (pure).

:data:`GROUP_PATTERNS` are patterns on the folded message ("osatyökykyisille", "för
invandrare", "under 30"); :func:`groups_in` reads them. Like topics they are soft: they rank
the offers for those groups first. Re-exported by :mod:`bot.rules.search_topics`.
"""

from __future__ import annotations

from bot.rules.search_words import _has
from bot.text import fold

# words people type about themselves -> customer groups (bot.rules.service_paths.GROUPS)
GROUP_PATTERNS: dict[str, tuple[str, ...]] = {
    "youth": (
        r"\bunga\b",
        r"\bung\b",
        r"\bungdom",
        r"\bunder 30\b",
        r"\bunder trettio",
        r"\bnuori",
        r"\bnuorille\b",
        r"\bnuorten\b",
        r"\bnuoria\b",
        r"\balle ?30",
        r"\balle kolmekymp",
    ),
    "immigrant": (
        r"\binvandrar",
        r"\binflyttad",
        r"\bimmigrant",
        r"\bmaahanmuut",
        r"\bmaahan muutt",
        r"\bmamu",
        r"\bulkomaalai",
        r"\butlanning",
        r"\bflykting",
        r"\bpakolai",
    ),
    "long_term_unemployed": (
        r"\blangtidsarbetslo",
        r"\bpitkaaikaistyot",
        r"\bpitka ?-?aikais ?tyot",
        r"\bpitkaan tyot",
        r"\barbetslos (lange|lang tid|lank|lenge)",
    ),
    "partial_work_ability": (
        r"\bosa ?-?tyoky",
        r"\bosatyo",
        r"\bpartiellt arbetsfor",
        r"\bdelvis arbetsfor",
        r"\bnedsatt arbetsform",
        r"\bbegransad arbetsform",
        r"\bsamre arbetsform",
        r"\balentunut tyoky",
        r"\bheikentynyt tyoky",
        r"\brajoittunut tyoky",
        r"\btyokyky (on )?(alentunut|heikko|heikentynyt|rajoittunut)",
        r"\bfunktionsnedsat",
        r"\bfunktionshind",
        r"\bvammais",
    ),
    "laid_off": (r"\bpermitter", r"\blomautet", r"\blomautu", r"\blomautettu"),
    "career_change": (
        r"\bbyta bransch",
        r"\bbyta yrke",
        r"\bomskol",
        r"\balanvaiht",
        r"\bvaihtaa alaa",
        r"\bvaihtais(in)? alaa",
        r"\buudelleenkoulut",
        r"\bnytt yrke",
        r"\buus ammatti",
        r"\buuden ammatin",
    ),
}


def groups_in(text: str) -> frozenset[str]:
    """Customer groups the text names ("osatyökykyisille", "för invandrare")."""
    t = fold(text)
    return frozenset(g for g, pats in GROUP_PATTERNS.items() if _has(t, pats))
