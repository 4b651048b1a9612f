"""R-LE1: step text is Markdown rendered safely: no script, event handler or javascript: link survives, and
links get rel="noopener nofollow"."""

import pytest

from microcred.learning.safe_markdown import clean_html, render_markdown


def test_r_le1_markdown_renders_emphasis_lists_and_links_with_noopener_nofollow() -> None:
    html = render_markdown("Read *this*:\n\n- one\n- [two](https://example.org/two)")

    assert html == (
        "<p>Read <em>this</em>:</p>\n<ul>\n<li>one</li>\n"
        '<li><a href="https://example.org/two" rel="noopener nofollow">two</a></li>\n</ul>'
    )


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<script>alert('x')</script>", "<p>&lt;script&gt;alert('x')&lt;/script&gt;</p>"),
        ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
        ("Hi <b onclick='steal()'>there</b>", "<p>Hi &lt;b onclick='steal()'&gt;there&lt;/b&gt;</p>"),
        ("[click](javascript:alert(1))", '<p><a rel="noopener nofollow">click</a></p>'),
        ("[click](JaVaScRiPt:alert(1))", '<p><a rel="noopener nofollow">click</a></p>'),
        ("[page](data:text/html;base64,PHNjcmlwdD4=)", '<p><a rel="noopener nofollow">page</a></p>'),
        ("![chart](javascript:alert(1))", '<p><img alt="chart"></p>'),
    ],
)
def test_r_le1_raw_html_is_shown_as_text_and_unsafe_urls_are_dropped(text: str, html: str) -> None:
    assert render_markdown(text) == html


def test_r_le1_the_sanitiser_alone_strips_scripts_handlers_and_javascript_links() -> None:
    # The second layer, on HTML that did not come from our Markdown settings.
    dirty = (
        '<p onclick="x()">Hi<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)" target="_blank">a</a>'
        '<img src="x" onerror="alert(1)"><iframe src="x"></iframe>'
    )

    assert clean_html(dirty) == '<p>Hi</p><a rel="noopener nofollow">a</a><img src="x">'


def test_r_le1_empty_text_renders_nothing() -> None:
    assert render_markdown("  \n ") == ""
