"""One module per ``kiosk`` subcommand; each has ``register(subparsers)`` and ``run(args)``."""

# The subcommands, in the order ``kiosk --help`` lists them. Add a module here to add one.
COMMANDS = (
    "validate",
    "stats", "export", "rapport", "purge", "demo-data", "set-pin",
    "run",
    "preview",
    "studio",
    "say",
    "doctor",
)
