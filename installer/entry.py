"""The bundled program's entry point: the same ``send-desktop`` command line."""

from send_desktop.cli import main

raise SystemExit(main())
