"""Course text in Markdown, rendered to HTML that is safe to put in a page.

Two layers: Python-Markdown runs with its raw-HTML handling removed, so HTML typed into a step is shown as
text; then nh3 keeps only the tags and attributes listed here, drops ``javascript:`` and other URL schemes,
and gives every link ``rel="noopener nofollow"``. The second layer holds even if the first one changes.
"""

import markdown
import nh3
from markdown.extensions import Extension

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img",
        "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener nofollow"
# Their content goes with them: the text of a script is no part of the course.
DROPPED_WITH_CONTENT = frozenset({"script", "style"})


# Python-Markdown ships no type hints, so mypy sees its base class as Any.
class _RawHtmlAsText(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def render_markdown(text: str) -> str:
    """Safe HTML for ``text``; an empty string for empty text."""
    if not text.strip():
        return ""
    html = markdown.markdown(text, extensions=[_RawHtmlAsText(), "fenced_code", "tables", "sane_lists"])
    return clean_html(html)


def clean_html(html: str) -> str:
    """Only the allowed tags, attributes and URL schemes of ``html``; links get ``LINK_REL``."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
    )
