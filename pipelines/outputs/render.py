"""Charts as PNG, SVG and PDF, drawn on the server by Kaleido (Plotly in Debian's Chromium).

Starting Chromium takes seconds, so a batch of charts shares one browser: `ChartRenderer` opens
one Kaleido instance on an event loop of its own (a private thread), draws every chart asked of
it and closes when the batch ends. It never touches Kaleido's global sync server, so it cannot
disturb another module's batch in the same process. PNG is drawn at scale 2 or more (print
quality); the width and height are the figure's own in CSS pixels.

Where no Chromium is found, or it does not start, `RenderUnavailable` carries a Swedish message
for the user; the interactive charts' own PNG download (the camera in the modebar) still works.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import plotly.graph_objects as go

log = logging.getLogger(__name__)

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
MIN_SCALE = 2
#: Seconds to wait for one image (the browser's start included) on a busy machine.
TIMEOUT = 180.0

NO_BROWSER_MESSAGE = (
    "Bilder kan inte skapas på servern just nu: webbläsaren Chromium, som ritar diagrammen till "
    "PNG, SVG och PDF, saknas eller startade inte. Tabellerna och texten går att ladda ner ändå, "
    "och varje diagram i appen kan sparas som PNG med kameraikonen i diagrammets verktygsrad."
)


class RenderUnavailable(RuntimeError):
    """No browser to draw with; `str()` is the Swedish message for the user."""

    def __init__(self, detail: str = ""):
        super().__init__(NO_BROWSER_MESSAGE)
        self.detail = detail


def browser_path() -> str | None:
    """The Chromium that Kaleido would use (`BROWSER_PATH` first), or None when there is none."""
    override = os.environ.get("BROWSER_PATH")
    if override:
        return override if Path(override).is_file() else None
    try:
        from choreographer.browsers.chromium import Chromium

        return Chromium.find_browser(skip_local=False)
    except Exception:  # noqa: BLE001 (a broken lookup means: no browser)
        log.warning("looking for chromium failed", exc_info=True)
        return None


def browser_available() -> bool:
    return browser_path() is not None


class ChartRenderer:
    """One Chromium for a batch of images. Use as a context manager:

    >>> with ChartRenderer() as renderer:          # doctest: +SKIP
    ...     png = renderer.render(fig, "png", width=900, height=500)
    """

    def __init__(self, *, timeout: float = TIMEOUT):
        self.timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._lock = threading.Lock()
        self.renders = 0

    # --- life cycle ---
    def start(self) -> ChartRenderer:
        if self._kaleido is not None:
            return self
        path = browser_path()
        if path is None:
            raise RenderUnavailable("no chromium found")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="kaleido-renderer", daemon=True
        )
        self._thread.start()
        try:
            self._kaleido = self._call(self._open(path))
        except Exception as exc:
            log.warning("kaleido could not start chromium: %s", exc)
            self.close()
            raise RenderUnavailable(str(exc)) from exc
        return self

    async def _open(self, path: str):
        import kaleido

        # mathjax=False: no formulas in our charts, and no network needed to fetch MathJax.
        instance = kaleido.Kaleido(n=1, timeout=self.timeout, mathjax=False, path=path)
        await instance.open()
        return instance

    def _call(self, coroutine):
        assert self._loop is not None
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        return future.result(self.timeout + 30)

    def close(self) -> None:
        loop, thread, instance = self._loop, self._thread, self._kaleido
        self._kaleido = None
        if loop is None:
            return
        try:
            if instance is not None:
                self._call(instance.close())
        except Exception:  # noqa: BLE001 (closing a broken browser must not hide the first error)
            log.warning("kaleido did not close cleanly", exc_info=True)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            if thread is not None:
                thread.join(timeout=30)
            loop.close()
            self._loop = self._thread = None

    def __enter__(self) -> ChartRenderer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    # --- drawing ---
    def render(
        self, fig: go.Figure | dict, fmt: str, *, width: int, height: int, scale: float = MIN_SCALE
    ) -> bytes:
        """The figure as `fmt` (png, svg, pdf). PNG is `width × scale` by `height × scale`
        pixels; SVG and PDF are vector images of `width × height`."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown image format {fmt!r}")
        if not self.running:
            self.start()
        figure = fig.to_dict() if isinstance(fig, go.Figure) else fig
        opts = {
            "format": fmt,
            "width": int(width),
            "height": int(height),
            "scale": max(float(scale), MIN_SCALE) if fmt == "png" else 1,
        }
        with self._lock:
            try:
                data = self._call(self._kaleido.calc_fig(figure, opts=opts))
            except RenderUnavailable:
                raise
            except Exception as exc:
                log.warning("kaleido failed to draw a %s: %s", fmt, exc)
                raise RenderUnavailable(str(exc)) from exc
        self.renders += 1
        return bytes(data)


@contextmanager
def batch() -> Iterator[ChartRenderer]:
    """One renderer for the block; the browser starts at the first image and closes at the end."""
    renderer = ChartRenderer()
    try:
        yield renderer
    finally:
        renderer.close()


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG image from its header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# --- one renderer shared by single downloads in the app ------------------------------------------

#: Seconds a shared browser stays open after its last image.
IDLE_SECONDS = 120.0
_shared: ChartRenderer | None = None
_shared_lock = threading.Lock()
_idle_timer: threading.Timer | None = None


def _close_shared() -> None:
    global _shared
    with _shared_lock:
        if _shared is not None:
            _shared.close()
            _shared = None


def render_single(
    fig: go.Figure, fmt: str, *, width: int, height: int, scale: float = MIN_SCALE
) -> bytes:
    """One image for a download button: drawn by a browser kept open between clicks (closed
    after `IDLE_SECONDS` without use), so a series of downloads starts Chromium once."""
    global _shared, _idle_timer
    with _shared_lock:
        if _idle_timer is not None:
            _idle_timer.cancel()
        if _shared is None:
            _shared = ChartRenderer().start()
        try:
            return _shared.render(fig, fmt, width=width, height=height, scale=scale)
        except RenderUnavailable:
            _shared.close()
            _shared = None
            raise
        finally:
            _idle_timer = threading.Timer(IDLE_SECONDS, _close_shared)
            _idle_timer.daemon = True
            _idle_timer.start()
