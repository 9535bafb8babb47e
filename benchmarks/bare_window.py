"""The floor for start-up time: PySide6 only, an empty QMainWindow shown, "shown", exit.

benchmarks/run.py times this the same way as the program, so the ratio between the two is
what Homefinder itself adds (its imports, opening the database, building the pages).
"""
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    window.resize(1200, 800)
    window.show()

    def shown() -> None:  # runs once the event loop has handled the show
        print("shown", flush=True)
        app.quit()

    QTimer.singleShot(0, shown)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
