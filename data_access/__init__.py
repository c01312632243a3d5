"""Database access: models, engine, migrations, queries, and the rooms for accounts (``accounts/``) and the
quarterly workbook (``workbook/``)."""
