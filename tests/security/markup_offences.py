"""What a strict Content-Security-Policy would block in a page: inline scripts, event-handler attributes,
``javascript:`` URLs, ``<style>`` elements and ``style`` attributes."""

from html.parser import HTMLParser

# Data blocks are never run, so a policy without 'unsafe-inline' lets them be.
_DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction"})


class _OffenceParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.offences: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: (value or "") for name, value in attrs}
        if tag == "script" and "src" not in values and values.get("type", "") not in _DATA_SCRIPT_TYPES:
            self.offences.append("inline <script>")
        if tag == "style":
            self.offences.append("<style> element")
        for name, value in values.items():
            if name.startswith("on"):
                self.offences.append(f"<{tag} {name}=>")
            elif name == "style":
                self.offences.append(f"<{tag} style=>")
            elif name in _URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.offences.append(f"<{tag} {name}=javascript:>")


def markup_offences(html: str) -> list[str]:
    parser = _OffenceParser()
    parser.feed(html)
    parser.close()
    return parser.offences
