"""Entry point of the frozen bundle. PyInstaller runs its script as a top-level module, so the
package's own __main__.py (which uses relative imports) cannot be the script itself."""
import sys

from homefinder_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
