"""Entry point of the desktop bundle: the same command line as the installed ``facilitator``.

Without a command it opens the app; with one (``--version``, ``demo``, ``sessions``, ...)
it runs headless, exactly like the console script.
"""

from ui.launcher import main

if __name__ == "__main__":
    main()
