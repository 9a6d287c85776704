"""Command-line adapters. Each module exposes `register(subparsers)`; `cli.py` wires them up."""
