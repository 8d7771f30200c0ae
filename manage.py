#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings")
    # manage.py is for a developer's checkout; production uses `roundtable manage`.
    os.environ.setdefault("ROUNDTABLE_LOCAL", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
