"""The only package that writes SQL: an encrypted SQLite file through sqlcipher3 and sqlite-utils."""
