"""The `casebook` command line: demo data, plans, histories and verification."""
