"""The import screens: the wizard (file -> columns -> preview -> done), import history
with undo, and what a dropped file means. The work itself is done by
``send_desktop.services.imports``, run off the UI thread by ``gui.tasks.TaskRunner``.

Nothing here is imported at start-up: the window loads these modules on first use.
"""
