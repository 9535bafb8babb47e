"""Printable documents, made with ReportLab (the only package that imports it).

Each module is one document and takes plain data (strings, dates, lists of dicts), never a
database or a Qt object, and returns the PDF as bytes:

- recovery_sheet.build_pdf(...)     the recovery key sheet printed when a database is made
- children_register.build_pdf(...)  the register of children with adoption plans
- referrals_register.build_pdf(...)  the referrals list (open referrals and how long each has waited)

ReportLab is imported by the document modules, not here, so importing this package is cheap:
the desktop program loads ReportLab only when something is printed.
"""
