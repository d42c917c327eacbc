"""Importera filer: upload monthly files, see what they hold and what storing them would change,
then store them with a second click. Layout and widgets only: the logic is `pipelines.ingest.preview`.

Safety: nothing from an uploaded file is rendered as HTML or markdown. File names go into
headings and button labels escaped (`import_texts.escape_markdown`); cell values and messages are
shown in tables (`st.dataframe`), which render text as text.
"""

from __future__ import annotations

import streamlit as st

from pipelines.app import auth, cache, ui
from pipelines.ingest import WarehouseBusy
from pipelines.ingest import preview as imports
from pipelines.ingest import preview_text as texts
from pipelines.ingest.history_checks import CONFIRM_LABEL, confirmed, needs_confirmation
from pipelines.outputs.templates import GENERAL_RULES
from schemas.kinds import CONTRACTS, KIND_LABELS

ui.run_through_app()
# Refused on the server, not only left out of the navigation: a reader never gets the uploader.
auth.require(auth.Permission.STORE_FILES)

PREVIEWS = "import_previews"  # upload key -> Preview (for the warehouse version it was made on)
RESULTS = "import_results"  # content hash -> (IngestResult, table of what it changed)
LOGGED = "import_logged_rejections"  # content hashes whose rejection is logged
BUSY = "import_busy"  # the message when the warehouse was busy at the last store
AUTO_KIND = "Känn igen på rubrikraden"

st.title("Importera filer")
st.write(
    f"Ladda upp månadens filer ({texts.kinds_text()}) som CSV eller Excel. "
    "Varje fil kontrolleras på samma sätt som vid inläsning från kommandoraden, och du ser vad "
    "filen innehåller och vad den skulle ersätta **innan** något sparas. Lagra sedan filen med "
    "knappen under den. En fil med fel sparas aldrig."
)
limit_mb = st.get_option("server.maxUploadSize")
st.caption(
    f"Största filstorlek: {limit_mb} MB per fil. En månadsfil är några kilobyte; gränsen "
    "skyddar appen mot att en stor fil av misstag laddas upp (till exempel en hel export med "
    "bilder). Dela upp en större fil per år, eller läs in den med kommandoraden: "
    "`python -m pipelines ingest FIL`."
)


# Long tables, closed: drawn once the page is on screen (issue 28).
def _guides() -> None:
    with st.expander("Mallar och vad kolumnerna betyder"):
        for rule in GENERAL_RULES:
            st.markdown(f"- {rule}")
        guides = cache.import_guides()  # built once per process
        for tab, kind in zip(
            st.tabs([c.title for c in CONTRACTS.values()]), CONTRACTS, strict=True
        ):
            guide, templates = guides[kind]
            with tab:
                # A static table: every rule in full, wrapped (a grid would cut them off).
                st.table(guide, hide_index=True)
                cols = st.columns(4)
                for col, template in zip(cols, templates, strict=False):
                    col.download_button(
                        template.label,
                        template.data,
                        file_name=template.file_name,
                        mime=template.mime,
                        key=f"template-{template.file_name}",
                        icon=":material/download:",
                    )

    with st.expander("Giltiga värden: förvaltningar, anställningsformer och målgrupper"):
        st.caption(
            "Skriv koden eller namnet (stora/små bokstäver och å/ä/ö spelar ingen roll). "
            "Excelmallarna har samma värden som rullgardinslistor."
        )
        lists = cache.valid_value_tables()  # built once per process while the reference is the same
        for tab, table in zip(st.tabs(list(lists)), lists.values(), strict=True):
            with tab:
                st.table(table, hide_index=True)


ui.later(_guides)

kind_options = [AUTO_KIND, *CONTRACTS]
chosen_kind = st.selectbox(
    "Filtyp",
    kind_options,
    format_func=lambda k: k if k == AUTO_KIND else KIND_LABELS[k].capitalize(),
    help="Normalt känns filtypen igen på rubrikraden. Välj en filtyp om den inte gör det.",
)
kind = None if chosen_kind == AUTO_KIND else chosen_kind
UPLOAD_TYPES = ["csv", "txt", "xlsx"]
ui.swedish_file_uploader(UPLOAD_TYPES)
uploads = st.file_uploader(
    "Välj en eller flera filer (CSV eller Excel)",
    type=UPLOAD_TYPES,
    accept_multiple_files=True,
    key="uploads",
)

st.session_state.setdefault(RESULTS, {})
st.session_state.setdefault(LOGGED, set())
known = st.session_state.get(PREVIEWS, {})


def may_not_store(preview: imports.Preview) -> str | None:
    """Why the person here may not store this file (None: they may)."""
    if not auth.allowed(auth.Permission.STORE_FILES):
        return auth.REFUSALS[auth.Permission.STORE_FILES]
    if preview.validated.kind == "mal" and not auth.allowed(auth.Permission.TARGETS):
        return auth.REFUSALS[auth.Permission.TARGETS]
    return None


def _confirm_key(preview: imports.Preview) -> str:
    return f"confirm-{preview.content_hash[:16]}"


def store_one(preview: imports.Preview) -> None:
    """Button callback: runs before the page is drawn again, so the page shows fresh figures."""
    refused = may_not_store(preview)
    if refused:  # checked again here: the button is not the only way to send the click
        st.session_state[BUSY] = refused
        return
    try:
        with confirmed(bool(st.session_state.get(_confirm_key(preview)))):  # issue 26
            result = imports.store_upload(preview, auth.actor())
    except WarehouseBusy as busy:  # another process writes: nothing was stored, try again
        st.session_state[BUSY] = str(busy)
        return
    # setdefault: the same content uploaded twice keeps the result of its first store
    st.session_state[RESULTS].setdefault(
        preview.content_hash, (result, imports.stored_changes_table(result))
    )


def store_all(previews: list[imports.Preview]) -> None:
    bar = st.progress(0.0, text="Lagrar filerna…")
    for number, preview in enumerate(previews, start=1):
        store_one(preview)
        bar.progress(number / len(previews), text=f"Lagrat {number} av {len(previews)} filer")


previews: list[imports.Preview] = []
if uploads:
    version = imports.warehouse_version()
    current: dict = {}
    bar = st.progress(0.0, text="Kontrollerar filerna…") if len(uploads) > 1 else None
    for number, upload in enumerate(uploads, start=1):
        content = upload.getvalue()
        key = (imports.upload_key(content, upload.name, kind), version)
        if key not in known:
            with st.spinner(f"Kontrollerar fil {number} av {len(uploads)}…"):
                known[key] = imports.preview_upload(content, upload.name, kind=kind)
        current[key] = known[key]
        previews.append(known[key])
        if bar is not None:
            bar.progress(number / len(uploads), text=f"Kontrollerat {number} av {len(uploads)}")
    st.session_state[PREVIEWS] = current
    for preview in previews:  # a rejection leaves one line in the ingest log, nothing else
        if not preview.ok and preview.content_hash not in st.session_state[LOGGED]:
            try:
                imports.record_rejection(preview, auth.actor())
                st.session_state[LOGGED].add(preview.content_hash)
            except WarehouseBusy:
                pass  # logged at the next rerun

if st.session_state.get(BUSY):
    st.error(st.session_state.pop(BUSY))

storable = [
    p
    for p in imports.storable(previews, set(st.session_state[RESULTS]))
    if may_not_store(p) is None
]
if len(storable) > 1:
    st.button(
        f"Lagra alla {len(storable)} filer utan fel",
        key="store-all",
        type="primary",
        on_click=store_all,
        args=(storable,),
    )

for number, preview in enumerate(previews, start=1):
    name = texts.escape_markdown(preview.file_name)
    with st.container(border=True):
        st.subheader(f"{number}. {name}")
        result, stored_changes = st.session_state[RESULTS].get(preview.content_hash, (None, None))
        if result is not None:
            (st.success if result.outcome == "lagrad" else st.info)(
                texts.escape_markdown(imports.result_text(result))
            )
        elif not preview.ok:
            st.error(texts.escape_markdown(preview.summary[0]))
        elif preview.already_stored:
            st.info(texts.escape_markdown(preview.summary[0]))
        else:
            st.info("Kontrollerad utan fel. Granska vad som ändras och lagra filen med knappen.")

        facts = preview.facts
        cols = st.columns(4)
        cols[0].metric("Rader", facts.get("Rader", "–"))
        if "År" in facts:
            cols[1].metric("År", facts["År"])
        else:
            cols[1].metric("Månader", facts.get("Antal månader", "–"))
        cols[2].metric("Fel", facts["Fel"])
        cols[3].metric("Varningar", facts["Varningar"])
        left, right = st.columns([2, 3])
        left.table(texts.markdown_safe(imports.facts_frame(preview)), hide_index=True)
        if preview.ok and result is None:
            for line in preview.summary[1 if preview.already_stored else 0 :]:
                right.markdown(f"- {texts.escape_markdown(line)}")

        if result is not None and result.outcome == "lagrad":
            st.markdown("**Vad lagringen ändrade**")
            st.caption(texts.measure_explanation(result.kind))
            st.dataframe(stored_changes, hide_index=True, width="stretch")
        elif preview.ok:
            st.markdown("**Vad lagringen ändrar**")
            st.caption(texts.measure_explanation(preview.validated.kind))
            st.dataframe(preview.changes_table, hide_index=True, width="stretch")
        else:
            st.markdown(f"**Fel i filen ({facts['Fel']})**")
            # Every error in full, wrapped: a static table, escaped (it renders markdown).
            st.table(texts.markdown_safe(preview.errors), hide_index=True)

        if len(preview.warnings):
            with st.expander(f"Varningar ({facts['Varningar']})", expanded=not preview.ok):
                st.dataframe(
                    preview.warnings.rename(columns={"Fel": "Varning"}),
                    hide_index=True,
                    width="stretch",
                )

        if preview.can_store and result is None and may_not_store(preview):
            st.info(may_not_store(preview), icon=":material/lock:")
        elif preview.can_store and result is None:
            must_confirm = needs_confirmation(preview.validated.findings)
            if must_confirm:  # a figure far outside the history (see the warnings)
                st.checkbox(CONFIRM_LABEL, key=_confirm_key(preview))
            st.button(
                f"Lagra {name}",
                key=f"store-file-{number}-{preview.content_hash[:16]}",
                type="primary",
                on_click=store_one,
                args=(preview,),
                disabled=must_confirm and not st.session_state.get(_confirm_key(preview)),
            )

if not uploads:
    st.info("Ingen fil vald ännu. Dra filerna till rutan ovan eller klicka på knappen i den.")
