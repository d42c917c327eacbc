"""Start the app: `python -m pipelines.app.serve [options]` is `streamlit run app.py [options]`,
except that the navigation shows the pages' Swedish titles from the very first request after a
start (issue 19).

Why: with a folder named `pages/` beside app.py, Streamlit decides when it creates the first
session (`PagesManager.uses_pages_directory`, a class attribute, in
`streamlit/runtime/pages_manager.py`) that the app uses the old pages-directory mode, and runs
that first request without app.py's `st.navigation`: a navigation of bare file names, the page
alone, until app.py turns the flag off for the whole process. The folder keeps its name (the
project's fixed layout); this launcher turns the flag off before the server starts, in the same
process, then hands over to Streamlit's own command line (`streamlit.web.cli.main`).
`ui.run_through_app()` stays as the fallback for a plain `streamlit run app.py`.

A first argument ending in `.py` is the script (default: the project's app.py); every other
argument goes to `streamlit run` as it is (`--server.port 8501`, `--server.headless true`, …).
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app.py"


def main(argv: list[str] | None = None) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    args = list(sys.argv[1:] if argv is None else argv)
    script = args.pop(0) if args and args[0].endswith(".py") else str(APP)
    # Set before the first session exists: PagesManager only sets it while it is still None.
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", script, *args]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
