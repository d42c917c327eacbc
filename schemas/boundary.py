"""Messages from DuckDB, openpyxl and the operating system, in Swedish (issue 26).

A library's or the OS's English text never reaches the user: at the boundary the caller logs
the original (`logging`, for whoever runs the machine) and shows `swedish(exc)`, one Swedish
clause saying what happened in the user's words. Pure: standard library only.
"""

from __future__ import annotations

import errno

_OS = {
    errno.ENOSPC: "disken är full",
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "åtgärden är inte tillåten",
    errno.ENOENT: "filen eller mappen finns inte",
    errno.EROFS: "disken är skrivskyddad",
    errno.EISDIR: "sökvägen är en mapp, inte en fil",
    errno.ENOTDIR: "en del av sökvägen är ingen mapp",
    errno.EEXIST: "filen finns redan",
    errno.EIO: "disken kunde inte läsas eller skrivas (in- och utmatningsfel)",
    errno.EBUSY: "filen används av en annan process",
    errno.EDQUOT: "diskkvoten är slut",
    errno.ENAMETOOLONG: "filnamnet är för långt",
}

#: (words in the library's English message, the Swedish clause), the first match wins.
_LIBRARY = (
    (("corrupt", "checksum"), "filen är skadad (kontrollsumman stämmer inte)"),
    (("not a valid duckdb",), "filen är ingen DuckDB-databas"),
    (("database file",), "databasfilen är skadad eller ofullständig"),
    (("lock",), "databasen används av en annan process"),
    (("out of memory",), "minnet räckte inte"),
    (("serialization", "version"), "databasen är skriven av en annan DuckDB-version"),
    (("file is not a zip",), "filen är inget zip-arkiv (ingen Excel-arbetsbok)"),
    (("bad zip",), "filen är inget läsbart zip-arkiv"),
    (("xml",), "filens XML går inte att läsa"),
    (("catalog error",), "en tabell som behövs saknas"),
)


def swedish(exc: BaseException) -> str:
    """One Swedish clause for an exception from DuckDB, openpyxl, zipfile or the OS (never its
    English text): `disken är full`, `filen är skadad (kontrollsumman stämmer inte)`."""
    if isinstance(exc, OSError) and exc.errno in _OS:
        return _OS[exc.errno]
    text = str(exc).casefold()
    for words, clause in _LIBRARY:
        if all(word in text for word in words):
            return clause
    if isinstance(exc, OSError):
        return "filen kunde inte läsas eller skrivas"
    return "ett oväntat fel uppstod (detaljerna finns i loggen)"
