"""Database access: models, engine, migrations, demo data and queries."""
