"""Legacy .xls files as LibreOffice saves them, written by LibreOffice itself (headless).

    /usr/bin/python3 tests/libreoffice_xls.py SOURCE.xlsx TARGET.xls [--protect | --password PW]

``--protect`` protects the workbook's structure with no password: LibreOffice (as Excel) then
writes the .xls RC4-encrypted with Excel's default password, VelvetSweatshop, and opens it again
without asking. ``--password PW`` sets a real password to open the file. Without either the
workbook is simply re-saved as .xls (a city workbook a clerk saved in the old format).

It drives LibreOffice through UNO, so it runs with the Python that LibreOffice's ``uno`` module
belongs to (Debian: ``/usr/bin/python3`` with python3-uno), not the project's, which is why the
tests read committed fixtures: ``tests/fixtures/xls_protected.xls`` and ``xls_password.xls``
were written with it from
``python tests/builders.py DIR`` (its ``valid.xlsx``, the valid school):

    /usr/bin/python3 tests/libreoffice_xls.py DIR/valid.xlsx tests/fixtures/xls_protected.xls --protect
    /usr/bin/python3 tests/libreoffice_xls.py DIR/valid.xlsx tests/fixtures/xls_password.xls --password vetstat
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _main(argv: list[str]) -> int:  # LibreOffice's Python: uno, no project imports
    import socket

    import uno
    from com.sun.star.beans import PropertyValue

    source, target = Path(argv[0]).resolve(), Path(argv[1]).resolve()
    protect = "--protect" in argv
    password = argv[argv.index("--password") + 1] if "--password" in argv else None

    def prop(name: str, value: object) -> PropertyValue:
        item = PropertyValue()
        item.Name, item.Value = name, value
        return item

    with socket.socket() as probe:  # a free port for this instance
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as profile:
        office = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--nologo", "--norestore",
             f"-env:UserInstallation={Path(profile).as_uri()}",
             f"--accept=socket,host=127.0.0.1,port={port};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            context = uno.getComponentContext()
            resolver = context.ServiceManager.createInstanceWithContext(
                "com.sun.star.bridge.UnoUrlResolver", context)
            deadline = time.monotonic() + 60
            while True:
                try:
                    remote = resolver.resolve(
                        f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            desktop = remote.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", remote)
            document = desktop.loadComponentFromURL(source.as_uri(), "_blank", 0,
                                                    (prop("Hidden", True),))
            if protect:
                document.protect("")
            options = [prop("FilterName", "MS Excel 97"), prop("Overwrite", True)]
            if password is not None:
                options.append(prop("Password", password))
            document.storeToURL(target.as_uri(), tuple(options))
            document.close(True)
            with contextlib.suppress(Exception):  # the bridge closes as the office ends
                desktop.terminate()
            office.wait(timeout=30)
        finally:
            if office.poll() is None:
                office.kill()
                office.wait()
    return 0 if target.exists() else 1


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
