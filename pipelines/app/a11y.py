"""Accessibility and Swedish over Streamlit's own page: one place for what the app cannot set
through Streamlit's configuration (WCAG 2.1 AA, lagen om tillgänglighet till digital offentlig
service).

`install()` runs first in app.py, on every run, and puts one hidden element on the page with:

- `lang="sv"` on `<html>` (Streamlit's page says `en`: a screen reader would read Swedish as
  English);
- Swedish for Streamlit's own words (`SWEDISH`, `SWEDISH_PATTERNS`): the skip link, the running
  indicator and its Stop button, the ⋮ menu and its dialogs, the sidebar and table toolbars, the
  select boxes, the "Page not found" dialog and an uploaded file's size. Streamlit offers no
  setting for its language, so a small script swaps the exact English texts and labels for
  Swedish ones as they appear (a `MutationObserver`: it only ever replaces a whole text it
  knows, never part of the app's own Swedish);
- CSS (`CSS`): captions dark enough (Streamlit's grey is 3.88:1 on white, WCAG asks 4.5:1), a
  focus ring you can see on every link and button (the sidebar's is faint), and `SR_ONLY`, the
  class of text meant only for screen readers (a chart's text alternative);
- tables that scroll sideways on a phone reachable by keyboard (`SCROLLERS` get `tabindex=0`)
  and marked while they overflow (`data-overflow`: html_table shows a line and a fade);
- the sidebar collapsed at first below `SIDEBAR_OPEN_FROM` (1 024 px: tablets too, where
  Streamlit's own `auto` keeps it open above 768 px and it takes a third of the width);
- metrics whose label, value and change wrap instead of being cut off with "…" on a tablet,
  and columns of metrics or select boxes wide enough for their words (the row wraps).

Pinned by tests/test_browser_a11y.py (axe-core on every page, the words on screen).
"""

from __future__ import annotations

import json

import streamlit as st

from pipelines.present import html_table

#: Streamlit's English texts and labels (text, aria-label, title, placeholder) → Swedish.
SWEDISH: dict[str, str] = {
    # Page frame
    "Skip to main content": "Hoppa till sidans innehåll",
    "App pages": "Sidor",
    "Sidebar": "Sidofält",
    "Collapse sidebar": "Dölj sidofältet",
    "Expand sidebar": "Visa sidofältet",
    "Link to heading": "Länk till rubriken",
    "Help": "Hjälp",
    "Running...": "Arbetar …",
    "Stop": "Avbryt",
    "Connecting": "Ansluter",
    "Please wait...": "Vänta …",
    "Connection error": "Anslutningen bröts",
    # ⋮ menu and its dialogs
    "Main menu": "Meny",
    "Rerun": "Kör om",
    "Settings": "Inställningar",
    "Print": "Skriv ut",
    "About": "Om appen",
    "Clear cache": "Töm cachen",
    "Record a screencast": "Spela in skärmen",
    "Record screen": "Spela in skärmen",
    "Theme": "Tema",
    "System": "Som datorn",
    "Made with Streamlit v": "Byggd med Streamlit ",
    "Copy version to clipboard": "Kopiera versionsnumret",
    "Close": "Stäng",
    "Appearance": "Utseende",
    "Use system setting": "Som datorns inställning",
    "Light": "Ljust",
    "Dark": "Mörkt",
    "Page not found": "Sidan finns inte",
    # Charts and tables
    "Fullscreen": "Helskärm",
    "Close fullscreen": "Stäng helskärm",
    "Exit fullscreen": "Stäng helskärm",
    "Download as CSV": "Ladda ned som CSV",
    "Search": "Sök",
    "Show/hide columns": "Visa eller dölj kolumner",
    "Sort ascending": "Sortera stigande",
    "Sort descending": "Sortera fallande",
    "Copy to clipboard": "Kopiera",
    # Select boxes and file uploads
    "Open": "Öppna",
    "Choose an option": "Välj",
    "No results": "Inga träffar",
    "Clear all": "Rensa",
    "file upload": "Välj filer att ladda upp",
    "Upload": "Välj filer",
    "Delete": "Ta bort",
    "Remove": "Ta bort",
}

#: Texts with a variable part: (JavaScript regular expression over the whole text, replacement).
SWEDISH_PATTERNS: list[tuple[str, str]] = [
    (r"^Help for (.+)$", "Hjälp om $1"),
    (r"^(\d+)MB per file$", "Högst $1 MB per fil"),
    (r"^(\d+)\.0B$", "$1 byte"),
    (r"^(\d+)\.(\d)(K|M|G)B$", "$1,$2 $3B"),
    (r"^Made with Streamlit v(.+)$", "Byggd med Streamlit $1"),
    (
        r"^The page that you have requested does not seem to exist\. Running the app's main page\.$",
        "Sidan du bad om finns inte. Appens startsida visas i stället.",
    ),
]

#: Boxes that scroll sideways on a narrow screen (a wide `st.table`, an HTML table): reachable
#: with the keyboard, so their hidden columns can be scrolled into view without a mouse.
SCROLLERS = '[data-testid="stTable"] > div, .a11y-table-scroll'
#: Boxes marked while they overflow (`data-overflow`): the tables above and Streamlit's grid.
OVERFLOWING = SCROLLERS + ', [data-testid="stDataFrame"] .dvn-scroller'

#: The class of text only a screen reader reads (off screen, not hidden from assistive tech).
SR_ONLY = "a11y-sr-only"

#: A chart's title and subtitle, and its notes (source line), written as text around it.
CHART_TITLE = "a11y-chart-title"
CHART_NOTE = "a11y-chart-note"

#: Focus ring: blue, 4.6:1 on white and 3.9:1 on Streamlit's dark background (WCAG asks 3:1).
FOCUS_COLOUR = "#1f6feb"

CSS = f"""
[data-testid="stCaptionContainer"] {{ color: inherit; opacity: 0.8; }}
:is(a, button, summary, [role="button"], [role="tab"], [role="link"], [tabindex="0"]):focus-visible {{
  outline: 3px solid {FOCUS_COLOUR} !important; outline-offset: 2px !important;
}}
.{SR_ONLY} {{
  position: absolute !important; width: 1px !important; height: 1px !important;
  margin: -1px !important; padding: 0 !important; overflow: hidden !important;
  clip: rect(0 0 0 0) !important; white-space: nowrap !important; border: 0 !important;
}}
[data-testid="stElementContainer"]:has(#arbetsmal-a11y) {{ display: none; }}
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > .{SR_ONLY}:only-child) {{
  position: absolute !important; width: 1px !important; height: 1px !important;
  overflow: hidden !important; clip: rect(0 0 0 0) !important;
}}
@media (max-width: 480px) {{
  [data-testid="stMain"] h1 {{ font-size: 2rem; }}  /* "Sysselsättningskrav" on one line */
}}
/* A metric's label, value, change and its description wrap instead of ending in "…". */
[data-testid="stMetric"] .stMarkdownEllipsis,
[data-testid="stMetric"] .stMarkdownEllipsis p {{
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: break-word;
}}
@media (max-width: 1100px) {{
  [data-testid="stMetricValue"] {{ font-size: 1.75rem; }}
}}
/* On a tablet a column with a select box stays wide enough to show the choice ("2026" beside
   three wide filters), one with a metric wide enough for its words ("Biståndshushåll"): the row
   wraps instead (four metrics become two rows of two). A phone stacks the columns (Streamlit). */
@media (min-width: 641px) {{
  [data-testid="stColumn"]:has([data-testid="stSelectbox"]) {{ min-width: 6.5rem; }}
  [data-testid="stColumn"]:has([data-testid="stMetric"]) {{ min-width: 10.5rem; }}
}}
/* Streamlit's grid wider than the screen says so above it, as html_table's tables do. */
/* (The grid's box has a fixed height: the line sits in a margin above it, not inside.) */
[data-testid="stElementContainer"]:has([data-testid="stDataFrame"] .dvn-scroller[data-overflow]) {{
  position: relative; margin-top: 2.75rem;
}}
[data-testid="stElementContainer"]:has([data-testid="stDataFrame"] .dvn-scroller[data-overflow])::before {{
  content: "{html_table.SCROLL_HINT}"; position: absolute; bottom: 100%; left: 0; right: 0;
  margin-bottom: 0.25rem; font-size: 0.8125rem; line-height: 1.25;
}}
.{CHART_TITLE} {{ margin: 0.5rem 0 0.25rem 0; line-height: 1.4; }}
.{CHART_NOTE} {{ margin: 0; font-size: 0.8rem; opacity: 0.85; }}
{html_table.CSS}
"""

#: From this width (px) the sidebar starts open; below it (tablets, phones) it starts collapsed.
SIDEBAR_OPEN_FROM = 1024

_SCRIPT = """
(() => {
  document.documentElement.lang = "sv";
  if (window.__arbetsmalA11y) return;
  window.__arbetsmalA11y = true;
  const WORDS = %(words)s;
  const PATTERNS = %(patterns)s.map(([re, to]) => [new RegExp(re), to]);
  const ATTRS = ["aria-label", "title", "placeholder", "data-title", "alt"];
  const SCROLLERS = %(scrollers)s;
  const OVERFLOWING = %(overflowing)s;
  const swedish = (value) => {
    const text = value.trim();
    if (!text) return null;
    if (Object.hasOwn(WORDS, text)) return value.replace(text, WORDS[text]);
    for (const [re, to] of PATTERNS) if (re.test(text)) return value.replace(text, text.replace(re, to));
    return null;
  };
  // A box wider than the screen says so (`data-overflow`: "more" while columns are hidden to
  // the right, "end" when scrolled to the end): html_table's hint line and fade show it.
  const overflow = (box) => {
    const wide = box.scrollWidth > box.clientWidth + 1;
    const state = !wide ? null : (box.scrollLeft + box.clientWidth >= box.scrollWidth - 1 ? "end" : "more");
    if (state === null) box.removeAttribute("data-overflow");
    else if (box.getAttribute("data-overflow") !== state) box.setAttribute("data-overflow", state);
  };
  const watched = new WeakSet();
  const sizes = new ResizeObserver((entries) => entries.forEach((e) => overflow(e.target)));
  const fix = (node) => {
    if (node.nodeType === Node.ELEMENT_NODE && node.matches(SCROLLERS) && !node.hasAttribute("tabindex")) {
      node.setAttribute("tabindex", "0");
    }
    if (node.nodeType === Node.ELEMENT_NODE && node.matches(OVERFLOWING) && !watched.has(node)) {
      watched.add(node);
      sizes.observe(node);
      node.addEventListener("scroll", () => overflow(node), {passive: true});
      overflow(node);
    }
    if (node.nodeType === Node.ELEMENT_NODE && node.matches(".js-plotly-plot")) {
      node.setAttribute("aria-hidden", "true");  // the text alternative and the table speak for it
    }
    if (node.nodeType === Node.TEXT_NODE) {
      const to = swedish(node.nodeValue);
      if (to !== null && to !== node.nodeValue) node.nodeValue = to;
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      for (const name of ATTRS) {
        const from = node.getAttribute(name);
        const to = from && swedish(from);
        if (to && to !== from) node.setAttribute(name, to);
      }
    }
  };
  const walk = (root) => {
    fix(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    const all = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    while (all.nextNode()) fix(all.currentNode);
  };
  // Below SIDEBAR_OPEN_FROM px (a tablet, a phone) the sidebar starts collapsed, so the page
  // has the width; Streamlit's own "auto" collapses it only up to 768 px. Once per page load and
  // only when the user has not opened or closed it before (Streamlit's stored choice wins).
  const sidebarChoices = () => Object.keys(localStorage).filter((k) => k.startsWith("stSidebarCollapsed-"));
  let sidebarSettled = false;
  const collapseSidebarOnSmallScreen = () => {
    if (sidebarSettled) return;
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    const button = sidebar && sidebar.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (!button) return;
    sidebarSettled = true;
    if (window.innerWidth >= %(sidebar_from)s || sidebar.getAttribute("data-collapsed") !== "false") return;
    const before = new Set(sidebarChoices());
    if (before.size) return;
    button.click();
    // Not stored as the user's choice: on a wide screen the sidebar opens again.
    setTimeout(() => sidebarChoices().forEach((k) => localStorage.removeItem(k)), 0);
  };
  new MutationObserver((changes) => {
    collapseSidebarOnSmallScreen();
    for (const change of changes) {
      if (change.type === "childList") change.addedNodes.forEach(walk);
      else fix(change.target);
    }
    if (document.documentElement.lang !== "sv") document.documentElement.lang = "sv";
  }).observe(document.documentElement, {
    subtree: true, childList: true, characterData: true, attributes: true,
    attributeFilter: ATTRS.concat(["lang", "class"]),  // Plotly marks its chart by a class
  });
  walk(document.body);
})();
"""


def script() -> str:
    """The script that sets the language and puts Swedish over Streamlit's own words."""
    return _SCRIPT % {
        "words": json.dumps(SWEDISH, ensure_ascii=False),
        "patterns": json.dumps(SWEDISH_PATTERNS, ensure_ascii=False),
        "scrollers": json.dumps(SCROLLERS),
        "overflowing": json.dumps(OVERFLOWING),
        "sidebar_from": SIDEBAR_OPEN_FROM,
    }


def install() -> None:
    """Language, Swedish words, contrast and focus for the whole page. Call once per run, first
    in app.py (before anything that may stop the script, so the login page has it too)."""
    st.html(
        f'<style>{CSS}</style><span id="arbetsmal-a11y"></span><script>{script()}</script>',
        unsafe_allow_javascript=True,
    )
