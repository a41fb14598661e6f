"""YAML from outside the project (a catalog upload or URL, a rules file edited in the portal):
read only when it is small and has no aliases and no tags.

A few hundred bytes of anchors and aliases ("billion laughs") expand into gigabytes when
loaded. :func:`check` walks the parser's events, which costs as much as the text is long and
expands nothing, and refuses any alias, any tag other than plain YAML's (``!!python/name``)
and any text over the size cap before anything loads the document; :func:`load` then loads
it with the safe loader.
"""

from __future__ import annotations

from typing import Any

import yaml

# The largest YAML text the portal or the staff CLI reads (a catalog of some thousand offers
# is about 1 MB).
MAX_BYTES = 5_000_000
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The tags of plain YAML values; anything else (!!python/name, !custom) is refused.
_CORE_TAGS = tuple(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)


class YamlRefused(ValueError):
    """The text is too large, has aliases, or is not YAML; the message says which."""


def check(text: str, max_bytes: int = MAX_BYTES) -> None:
    """Refuse text over ``max_bytes`` (UTF-8) and any alias (``*name``), without loading.

    Raises:
        YamlRefused: with a message for staff.
    """
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise YamlRefused(f"the file is too large ({size:,} bytes; at most {max_bytes:,})")
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                raise YamlRefused(
                    f"YAML aliases (*{event.anchor}) are not accepted: write the values out"
                )
            tag = getattr(event, "tag", None)
            if tag and not tag.startswith(_CORE_TAGS):
                raise YamlRefused(f"YAML tags ({tag}) are not accepted: write plain values")
    except yaml.YAMLError as exc:
        raise YamlRefused(f"not valid YAML: {exc}") from None


def load(text: str, max_bytes: int = MAX_BYTES) -> Any:
    """The document, after :func:`check`.

    Raises:
        YamlRefused: too large, aliases, or not valid YAML.
    """
    check(text, max_bytes)
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise YamlRefused(f"not valid YAML: {exc}") from None
