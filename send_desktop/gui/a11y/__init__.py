"""Accessibility: the dialog registry the walker test opens, the checks it runs, announcing
status changes to screen readers, the keyboard-shortcuts list and the high-contrast theme."""
