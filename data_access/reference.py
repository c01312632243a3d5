"""Reference data an administrator maintains: benchmark values and outcome categories.

Every change takes the import lock (so it cannot interleave with an import and so
the data fingerprint moves, refreshing every cached figure) and is audited.
"""

import re

import pandas as pd
from sqlalchemy import Engine, func, insert, select, update

from data_access.accounts import AccountError, log_event
from data_access.cpr import CprRefused, looks_like_cpr
from data_access.models import Benchmark, OutcomeCategory
from data_access.returns import take_import_lock
from data_access.vocabulary import CATEGORY_GROUPS

_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def benchmark_rows(engine: Engine) -> pd.DataFrame:
    with engine.connect() as connection:
        rows = connection.execute(select(Benchmark.id, Benchmark.label, Benchmark.value, Benchmark.period,
                                         Benchmark.source).order_by(Benchmark.id)).all()
    return pd.DataFrame([tuple(row) for row in rows], columns=["id", "label", "value", "period", "source"])


def update_benchmark(engine: Engine, benchmark_id: int, value: float, actor: str) -> None:
    if not 0 <= value <= 1:
        raise AccountError("En benchmarkværdi er en andel mellem 0 og 100 %.")
    with engine.begin() as connection:
        take_import_lock(connection)
        label, old = connection.execute(
            select(Benchmark.label, Benchmark.value).where(Benchmark.id == benchmark_id)).one()
        connection.execute(update(Benchmark).where(Benchmark.id == benchmark_id).values(value=value))
        log_event(connection, actor, "benchmark_changed", f"{label}: {old:.3f} -> {value:.3f}")


def add_category(engine: Engine, code: str, label: str, group: str, has_hours: bool, actor: str) -> None:
    code, label = code.strip(), label.strip()
    if not _CODE.match(code):
        raise AccountError("Koden skal være små bogstaver, tal og _ (fx social_economy), 2-40 tegn.")
    if group not in CATEGORY_GROUPS:
        raise AccountError("Vælg en kategorigruppe.")
    if not label:
        raise AccountError("Kategorien skal have et navn.")
    if looks_like_cpr(label):
        raise AccountError(str(CprRefused("Kategoriens navn")))
    with engine.begin() as connection:
        take_import_lock(connection)
        if connection.execute(select(OutcomeCategory.id).where(
                (OutcomeCategory.code == code) | (func.lower(OutcomeCategory.label) == label.lower()))).first():
            raise AccountError(f"Der findes allerede en kategori med koden '{code}' eller navnet '{label}'.")
        order = (connection.execute(select(func.max(OutcomeCategory.sort_order))).scalar() or 0) + 1
        connection.execute(insert(OutcomeCategory).values(
            code=code, label=label, group_code=group, sort_order=order, has_hours=has_hours, is_active=True))
        log_event(connection, actor, "category_added", f"{code}: {label} ({CATEGORY_GROUPS[group]})")
