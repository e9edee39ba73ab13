"""The kinds of notice Gongshi knows, on their own so the command line can name them without loading more."""

KINDS = ("rectification-progress", "inspection-announcement", "appointment-notice", "project-notice", "generic")
